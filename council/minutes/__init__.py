"""Minutes: drafted from the meeting record, written by the secretary, approved, published."""
