"""What the interop scripts share: the failure type of a check and a runner that bounds each check in time."""
import threading
import time
import traceback


class CheckFailed(Exception):
    pass


def run_one(check, url, path, per_check_timeout):
    """Runs one check in a thread bounded by the timeout; returns (error or None, note, trace, seconds)."""
    started = time.monotonic()
    result = {}

    def target():
        try:
            result["note"] = check(url, path)
        except CheckFailed as e:
            result["error"] = str(e)
        except Exception as e:  # a crash in the client or a refused connection is a failure too
            result["error"] = f"{type(e).__name__}: {e}"
            result["trace"] = traceback.format_exc()

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(per_check_timeout)
    if worker.is_alive():
        result["error"] = f"did not finish within {per_check_timeout:.0f}s"
    return result.get("error"), result.get("note") or "", result.get("trace"), time.monotonic() - started
