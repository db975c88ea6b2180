"""Writes to the journal. `post` is the only way money moves; it runs in the caller's
transaction, so an entry commits together with the state change that causes it."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

from mall.ledger import models

ACCOUNT_KINDS = {
    "gateway": models.Account.Kind.ASSET,
    "cash": models.Account.Kind.ASSET,
    "escrow": models.Account.Kind.LIABILITY,
    "payable": models.Account.Kind.LIABILITY,
    "deposit": models.Account.Kind.LIABILITY,
    "revenue": models.Account.Kind.REVENUE,
    "expense": models.Account.Kind.EXPENSE,
}
BASIS_POINTS = 10_000


@dataclass(frozen=True)
class Line:
    """One posting: `amount` > 0 debits `account`, < 0 credits it."""

    account: str
    amount: int
    reference: str = ""


def post(reason: str, lines: Sequence[Line], *, memo: str = "") -> models.Entry:
    """Write a balanced entry once per `reason`; a replay returns the first entry unchanged.
    Zero-amount lines are dropped. Raises ValueError when the lines do not balance."""
    postings = [line for line in lines if line.amount != 0]
    _validate(reason, postings)
    with transaction.atomic():
        existing = models.Entry.objects.filter(reason=reason).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                entry = models.Entry.objects.create(reason=reason, memo=memo[:200])
        except IntegrityError:  # a concurrent replay committed first
            return models.Entry.objects.get(reason=reason)
        accounts = _accounts({line.account for line in postings})
        models.Line.objects.bulk_create(
            models.Line(
                entry=entry,
                account=accounts[line.account],
                amount=line.amount,
                reference=line.reference,
            )
            for line in postings
        )
        _move_balances(accounts, postings)
    return entry


def commission_of(goods: int, rate_bp: int) -> int:
    """round-half-up(goods × rate), in fen."""
    return (goods * rate_bp + BASIS_POINTS // 2) // BASIS_POINTS


def settle_order(
    *,
    order_ref: str,
    shop_id: int,
    paid: int,
    refunded: int,
    freight: int,
    line_goods: Sequence[tuple[int, int]],
    platform_discount: int = 0,
    partner_shares: Sequence[tuple[int, int]] = (),
) -> models.Entry:
    """Escrow → the shop's payable, then commission → revenue (ledger.md, postings 3 and 4).
    `line_goods` holds (settled goods amount, commission rate in basis points) per order line;
    freight is the shop's and carries no commission. `platform_discount` is the platform-funded
    part of the order's discounts, `partner_shares` (partner shop, fen) what the partners of a
    joint promotion pay this shop for theirs."""
    held = paid - refunded
    partners = sum(share for _shop, share in partner_shares)
    _validate_settlement(held, refunded, freight, line_goods, platform_discount, partners)
    commission = sum(commission_of(goods, rate) for goods, rate in line_goods)
    payable = f"payable:{shop_id}"
    return post(
        f"settle:{order_ref}",
        [
            Line("escrow", held, order_ref),
            Line("expense:promotion", platform_discount, order_ref),
            *(Line(f"payable:{partner}", share, order_ref) for partner, share in partner_shares),
            Line(payable, -(held + platform_discount + partners), order_ref),
            Line(payable, commission, order_ref),
            Line("revenue:commission", -commission, order_ref),
        ],
        memo=f"shop:{shop_id}",
    )


def _validate(reason: str, postings: Sequence[Line]) -> None:
    if not reason:
        raise ValueError("记账事由不能为空")
    if len(postings) < 2:
        raise ValueError("一张凭证至少需要两条非零分录")
    if sum(line.amount for line in postings) != 0:
        raise ValueError(f"凭证借贷不平：{reason}")
    for line in postings:
        account_kind(line.account)


def _validate_settlement(
    held: int,
    refunded: int,
    freight: int,
    line_goods: Sequence[tuple[int, int]],
    platform_discount: int,
    partners: int,
) -> None:
    if min(held, refunded, freight, platform_discount, partners) < 0:
        raise ValueError("结算金额不能为负，退款不能超过实付")
    if any(goods < 0 or not 0 <= rate <= BASIS_POINTS for goods, rate in line_goods):
        raise ValueError("商品结算金额不能为负，佣金比例须在 0–10000 个基点之间")
    if sum(goods for goods, _rate in line_goods) + freight > held + platform_discount + partners:
        raise ValueError("商品与运费之和超过了店铺应得金额")


def account_kind(code: str) -> str:
    kind = ACCOUNT_KINDS.get(code.split(":", 1)[0])
    if kind is None:
        raise ValueError(f"未知的会计科目：{code}")
    return kind


def _accounts(codes: set[str]) -> dict[str, models.Account]:
    """One query for the accounts that exist; the rest are created on first use."""
    accounts = {account.code: account for account in models.Account.objects.filter(code__in=codes)}
    for code in sorted(codes - accounts.keys()):
        accounts[code], _created = models.Account.objects.get_or_create(
            code=code, defaults={"kind": account_kind(code)}
        )
    return accounts


def _move_balances(accounts: dict[str, models.Account], postings: Sequence[Line]) -> None:
    """Stored balances move with a conditional UPDATE per account, in primary-key order."""
    deltas: dict[int, int] = defaultdict(int)
    for line in postings:
        deltas[accounts[line.account].pk] += line.amount
    for account_id in sorted(deltas):
        if deltas[account_id]:
            models.Account.objects.filter(pk=account_id).update(
                balance=F("balance") + deltas[account_id]
            )
