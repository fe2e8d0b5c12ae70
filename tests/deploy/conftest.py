from tests.jobs.conftest import local_stack  # noqa: F401  (a clean moto per test)
