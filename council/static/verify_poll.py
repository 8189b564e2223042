"""Recount a poll from its published record, with nothing but Python 3.

    python3 verify_poll.py poll-12.json

The record is the JSON file offered on the poll's "verify" page. This checks that:
1. the closing event's hash is right, and is the chain head printed in the minutes;
2. the closing event's counts are the published result;
3. for a secret poll, the receipts add up to the result and match the receipts hash that the
   closing event recorded (so no ballot was added, removed or changed after the close).
Compare the chain head it prints with the one in the published minutes, or with a copy of this
file you saved earlier: if someone rewrote the record, they differ.
"""

import hashlib
import json
import sys

CHOICES = ("for", "against", "abstain")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def problems_of(record: dict) -> list[str]:
    event, result = record["closing_event"], record["result"]
    found = []
    body = {key: event[key] for key in ("seq", "at", "actor_id", "kind", "subject", "payload")}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if sha256(event["prev_hash"] + canonical) != event["hash"]:
        found.append("the closing event does not match its hash")
    if event["hash"] != result["audit_head"]:
        found.append("the chain head of the result is not the closing event")
    counts = [result[choice] for choice in CHOICES]
    if [event["payload"].get(choice) for choice in CHOICES] != counts:
        found.append("the closing event's counts are not the published result")
    receipts = record.get("receipts")
    if receipts is not None:
        recounted = [sum(r["choice"] == choice for r in receipts) for choice in CHOICES]
        if recounted != counts:
            found.append(f"the receipts count {recounted}, the result says {counts}")
        lines = sorted(f"{r['receipt']}:{r['choice']}" for r in receipts)
        if sha256("\n".join(lines)) != event["payload"].get("receipts_sha256"):
            found.append("the receipts do not match the hash recorded at the close")
    return found


def main(path: str) -> int:
    with open(path, encoding="utf-8") as source:
        record = json.load(source)
    found = problems_of(record)
    for problem in found:
        print(f"poll {record['poll']['id']}: {problem}")
    if found:
        return 1
    print(f"poll {record['poll']['id']}: recount OK; chain head {record['result']['audit_head']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
