"""Infrastructure outputs: the one mapping every AWS-touching command reads names and ARNs from."""
