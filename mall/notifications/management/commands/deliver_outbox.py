from django.core.management.base import BaseCommand

from mall.notifications.services import deliver_due


class Command(BaseCommand):
    help = "发送发件箱中到期的消息（通常由 Celery beat 定时执行）"

    def handle(self, *args, **options):
        report = deliver_due()
        self.stdout.write(
            f"已发送 {report.sent} 条，待重试 {report.retrying} 条，失败 {report.failed} 条"
        )
