"""Flows that span packages, above all of them: `make demo` (stack, data, train, monitor, eval),
`thaiocr monitor` (a training or a Processing job) and `thaiocr eval` (whose `--job` fetches a training
job's model before evaluating it). Nothing below imports this."""
