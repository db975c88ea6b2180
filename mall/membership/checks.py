"""The rules a price list or a level ladder must keep, as pure functions that return the
problems in Chinese (empty = fine). Models' `clean` (the admin) and the services (the seller
pages) both ask here, so the admin and the back office refuse the same things with the same
words."""

from collections.abc import Mapping, Sequence
from itertools import pairwise

from django.utils.translation import gettext as _

from mall.core.money import format_fen


def price_problems(list_price: int, price: int, what: str) -> list[str]:
    """A group or member price must be ≥ 0 and below the SKU's list price (at or above it, it
    would never be used)."""
    if price < 0:
        return [_("%(what)s不能为负数") % {"what": what}]
    if price >= list_price:
        return [
            _("%(what)s %(price)s 不低于售价 %(list)s，没有意义")
            % {"what": what, "price": format_fen(price), "list": format_fen(list_price)}
        ]
    return []


def ladder_problems(list_price: int, steps: Sequence[tuple[int, int]]) -> list[str]:
    """A ladder (阶梯价) is (min quantity, unit price) steps: quantities ≥ 1 and distinct, each
    price valid, and a step for more pieces never costs more per piece than one for fewer."""
    problems: list[str] = []
    quantities = [quantity for quantity, _price in steps]
    if any(quantity < 1 for quantity in quantities):
        problems.append(_("起购数量至少为 1 件"))
    for quantity in sorted({q for q in quantities if quantities.count(q) > 1}):
        problems.append(_("起购数量 %(quantity)s 件重复了") % {"quantity": quantity})
    for quantity, price in sorted(steps):
        what = _("%(quantity)s 件起的单价") % {"quantity": quantity}
        problems += price_problems(list_price, price, what)
    for (fewer, fewer_price), (more, more_price) in pairwise(sorted(set(steps))):
        if more > fewer and more_price > fewer_price:
            message = _(
                "%(more)s 件起的单价 %(more_price)s 不能高于 %(fewer)s 件起的 %(fewer_price)s"
            )
            problems.append(
                message % {"more": more, "more_price": format_fen(more_price), "fewer": fewer,
                           "fewer_price": format_fen(fewer_price)}
            )  # fmt: skip
    return problems


def minimum_problems(quantity: int) -> list[str]:
    return [] if quantity >= 1 else [_("起订量至少为 1 件")]


def member_price_problems(
    list_price: int, prices: Sequence[tuple[int, int]], level_names: Mapping[int, str]
) -> list[str]:
    """Member prices are (min rank, unit price): ranks of existing levels above 普通会员, each
    price valid, and a higher level never pays more than a lower one."""
    problems: list[str] = []
    for rank, price in sorted(prices):
        if rank < 1 or rank not in level_names:
            problems.append(_("会员价只能设置给银卡及以上的会员等级"))
            continue
        what = _("%(level)s价") % {"level": level_names[rank]}
        problems += price_problems(list_price, price, what)
    for (lower, lower_price), (higher, higher_price) in pairwise(sorted(prices)):
        if higher > lower and higher_price > lower_price:
            message = _("%(higher)s价 %(higher_price)s 不能高于%(lower)s价 %(lower_price)s")
            problems.append(
                message % {"higher": level_names.get(higher, higher),
                           "lower": level_names.get(lower, lower),
                           "higher_price": format_fen(higher_price),
                           "lower_price": format_fen(lower_price)}
            )  # fmt: skip
    return problems


def level_problems(levels: Sequence[tuple[int, int, str]]) -> list[str]:
    """Levels are (rank, threshold in fen, name): the lowest rank needs no spend and every
    higher rank needs strictly more than the one below it."""
    problems: list[str] = []
    ordered = sorted(levels)
    if ordered and ordered[0][1] != 0:
        problems.append(_("最低等级“%(name)s”的门槛必须为 0") % {"name": ordered[0][2]})
    for (_rank, lower, lower_name), (_higher_rank, higher, higher_name) in pairwise(ordered):
        if higher <= lower:
            problems.append(
                _("“%(higher)s”的门槛 %(amount)s 必须高于“%(lower)s”的门槛 %(lower_amount)s")
                % {"higher": higher_name, "amount": format_fen(higher), "lower": lower_name,
                   "lower_amount": format_fen(lower)}
            )  # fmt: skip
    return problems
