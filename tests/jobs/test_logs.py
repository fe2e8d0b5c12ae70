"""Log streaming: every host's stream, paged, polled repeatedly - each line exactly once."""
import time

from thaiocr.jobs.logs import LOG_GROUP, LogTailer

JOB = "thaiocr-t-20260101-000000-aaaa"
NOW = int(time.time() * 1000)  # CloudWatch drops events older than 14 days


def put(logs, stream, lines, t0):
    logs.put_log_events(logGroupName=LOG_GROUP, logStreamName=stream,
                        logEvents=[{"timestamp": NOW + t0 + i, "message": m} for i, m in enumerate(lines)])


def test_no_duplicates_across_pages_hosts_and_polls(aws, local_infra):
    logs = aws("logs")
    streams = [f"{JOB}/algo-1-1700000000", f"{JOB}/algo-2-1700000000"]
    for s in streams + [f"{JOB}x/algo-1-1"]:  # another job's stream shares the prefix text but not the '/'
        logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName=s)
    put(logs, streams[0], [f"h1 line {i}" for i in range(7)], 1_000)
    put(logs, streams[1], [f"h2 line {i}" for i in range(5)], 1_000)
    put(logs, f"{JOB}x/algo-1-1", ["not ours"], 1_000)

    tailer = LogTailer(logs, JOB, page_limit=2)
    first = tailer.poll()
    assert sorted(l.message for l in first) == sorted([f"h1 line {i}" for i in range(7)] + [f"h2 line {i}" for i in range(5)])
    assert {l.host for l in first} == {"algo-1", "algo-2"}
    assert tailer.poll() == []

    put(logs, streams[1], ["h2 late 1", "h2 late 2", "h2 late 3"], 2_000)
    logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName=f"{JOB}/algo-3-1700000100")
    put(logs, f"{JOB}/algo-3-1700000100", ["h3 joined"], 2_500)
    assert [l.message for l in tailer.poll()] == ["h2 late 1", "h2 late 2", "h2 late 3", "h3 joined"]
    assert tailer.poll() == []


def test_missing_group_or_streams_is_just_nothing_yet(aws, local_stack):
    assert LogTailer(aws("logs"), JOB).poll() == []


def test_shipper_drops_blank_lines_and_never_fails_the_job(capsys):
    """PaddleOCR prints blank lines around evaluations; CloudWatch refuses empty events."""
    from thaiocr.jobs.local_runner import LogShipper

    class Logs:
        class exceptions:
            ResourceAlreadyExistsException = KeyError

        def __init__(self):
            self.sent, self.fail = [], False

        def create_log_group(self, **_):
            raise KeyError

        def create_log_stream(self, **_):
            pass

        def put_log_events(self, logEvents, **_):
            if self.fail:
                raise RuntimeError("throttled")
            self.sent += [e["message"] for e in logEvents]

    logs = Logs()
    shipper = LogShipper(logs, "job")
    for line in ("step 1", "", "   ", "step 2"):
        shipper.add(line)
    shipper.flush()
    assert logs.sent == ["step 1", "step 2"]
    logs.fail = True
    shipper.add("step 3")
    shipper.close()  # no exception: the job's outcome does not depend on log shipping
    assert "not shipped" in capsys.readouterr().out
