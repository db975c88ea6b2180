from mall.notifications.tests.fixtures import clock, sms_backend  # noqa: F401
