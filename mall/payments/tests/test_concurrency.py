"""Races on PostgreSQL with real threads: notifications arriving at once pay once; refunds
asked for at once never exceed what was paid."""

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from mall.ledger import selectors as ledger
from mall.ledger.models import Entry
from mall.payments import services, signals
from mall.payments.gateways.base import NotifyRequest
from mall.payments.models import Payment, Refund

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def _race(count: int, work: Callable[[int], object]) -> list[object]:
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=20)
            results[index] = work(index)
        except Exception as exc:  # collected: the assertions say which are expected
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_ten_concurrent_notifications_pay_once(alipay, make_payment):
    payment = make_payment("alipay", 5990, [("order:1", 3990), ("order:2", 2000)])
    body = alipay.notification(payment)
    paid = []
    signals.payment_paid.connect(receiver := lambda sender, payment, **kw: paid.append(payment.no))
    try:
        replies = _race(10, lambda _i: services.handle_notification("alipay", NotifyRequest(body)))
    finally:
        signals.payment_paid.disconnect(receiver)

    assert {reply.body for reply in replies} == {b"success"}
    assert paid == [payment.no]
    assert Entry.objects.filter(reason__startswith="pay:").count() == 1
    assert ledger.account_balance("gateway:alipay") == 5990
    assert ledger.accounts_out_of_step() == []


def test_ten_concurrent_wechat_notifications_pay_once(wechat, make_payment):
    payment = make_payment("wechat", 2500)
    body, headers = wechat.notification(wechat.transaction(payment))

    replies = _race(
        10, lambda _i: services.handle_notification("wechat", NotifyRequest(body, headers))
    )

    assert {reply.status for reply in replies} == {204}
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert Entry.objects.filter(reason=f"pay:{payment.pk}").count() == 1
    assert ledger.account_balance("gateway:wechat") == 2500


def test_twenty_concurrent_refunds_never_exceed_the_payment(make_payment, deliver):
    payment = make_payment("sandbox", 10000, [("order:1", 6000), ("order:2", 4000)])
    services.sandbox_decide(payment, success=True)
    deliver()
    payment.refresh_from_db()

    def ask(index: int) -> Refund:
        return services.refund(
            payment=payment, amount=700, reference=f"order:{index % 2 + 1}",
            reason="并发退款", key=f"race-{index}",
        )  # fmt: skip

    results = _race(20, ask)
    while deliver().sent:
        pass

    refunds = [result for result in results if isinstance(result, Refund)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(refunds) + len(refused) == 20
    payment.refresh_from_db()
    succeeded = sum(Refund.objects.filter(status="succeeded").values_list("amount", flat=True))
    assert succeeded == payment.refunded_amount <= payment.amount
    assert ledger.escrow_balance("order:1") >= 0 and ledger.escrow_balance("order:2") >= 0
    assert ledger.escrow_balance("order:1") + ledger.escrow_balance("order:2") == 10000 - succeeded
    assert len(refunds) == 8 + 5  # 6000 // 700 on order:1, 4000 // 700 on order:2
    assert ledger.overdrawn_escrow() == [] and ledger.trial_balance() == 0


def test_concurrent_refunds_with_one_key_make_one_refund(make_payment, deliver):
    payment = make_payment("sandbox", 3000)
    services.sandbox_decide(payment, success=True)
    deliver()
    payment.refresh_from_db()

    results = _race(
        10,
        lambda _i: services.refund(
            payment=payment, amount=1000, reference="order:1", reason="重复提交", key="same"
        ),
    )

    assert len({result.pk for result in results}) == 1
    payment.refresh_from_db()
    assert payment.refunded_amount == 1000
    assert Payment.objects.get(pk=payment.pk).refunds.count() == 1
