"""What coupons do when other apps speak (connected in CouponsConfig.ready)."""

from mall.coupons import selectors, services


def on_shopper_registered(sender, user, **kwargs) -> None:
    """Inside the registration's transaction: the registration gift pack (注册礼包)."""
    services.grant_registration_gifts(user)


def on_order_paid(sender, order, **kwargs) -> None:
    """Inside the payment's transaction, after membership counted the order into the buyer's
    spend (it is installed first, so its receiver runs first): 首单奖励 on the buyer's first
    paid checkout, and the cumulative-spend rewards the spend now reaches."""
    buyer = order.buyer
    if selectors.is_first_paid_checkout(order):
        services.grant_first_order_gifts(buyer)
    periods = selectors.spend_reward_periods()
    if periods:
        at = order.paid_at
        spend = selectors.spend_by_period(buyer, periods, at=at)
        services.grant_spend_rewards(buyer, spend, at=at)
