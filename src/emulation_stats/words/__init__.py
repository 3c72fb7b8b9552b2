"""The sentences analysts read, in Vietnamese (default) or English."""
