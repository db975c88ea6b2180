from celery import shared_task

from mall.coupons import services
from mall.coupons.models import CouponTemplate
from mall.coupons.segments import Segment, user_id_batches


@shared_task(ignore_result=True)
def issue_to_segment(template_id: int, segment: dict, key: str) -> int:
    """定向发放 in batches (each batch one transaction). `key` makes a retried run skip the
    shoppers a first run reached. Returns how many coupons were issued."""
    template = CouponTemplate.objects.get(pk=template_id)
    return sum(
        services.issue_batch(template, batch, key=key)
        for batch in user_id_batches(Segment(**segment))
    )
