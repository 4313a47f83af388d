"""Reading a rule trace: which conditions failed, and whether every one was met."""


def trace_failures(trace) -> list[dict]:
    return [step for step in trace or [] if not step.get("passed")]


def trace_all_passed(trace) -> bool:
    return bool(trace) and not trace_failures(trace)
