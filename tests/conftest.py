import os

from hypothesis import HealthCheck, settings

# CI runs every property on at least 1,000 examples; a developer's run stays quick.
settings.register_profile(
    "ci",
    max_examples=1000,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)
