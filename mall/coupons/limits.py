"""How often a shopper may claim or redeem coupons (counters in the cache, like logins)."""

from mall.customers.limits import FixedWindowLimit

CLAIMS_PER_USER = FixedWindowLimit("coupon-claim", limit=10, period=60)
