"""boto3 clients for an environment; ENV=local points them at the moto server on loopback."""
