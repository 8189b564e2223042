"""The hash-chained audit log of votes: append-only, verifiable by `flask audit verify`."""
