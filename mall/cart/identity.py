"""Which cart a request works on: the account's, or the guest cart whose id the session holds."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest

from mall.cart import selectors, services
from mall.cart.models import Cart

SESSION_KEY = "cart_id"


def current_cart(request: HttpRequest) -> Cart | None:
    """The request's cart if it has one; reading never creates a cart or a session."""
    if request.user.is_authenticated:
        return selectors.user_cart(request.user)
    return selectors.guest_cart(request.session.get(SESSION_KEY))


def cart_for_writing(request: HttpRequest) -> Cart:
    """The request's cart, created on first use (a guest's id goes into the session)."""
    if request.user.is_authenticated:
        return services.user_cart(request.user)
    cart = current_cart(request)
    if cart is None:
        cart = services.create_guest_cart()
        request.session[SESSION_KEY] = cart.pk
    return cart


def merge_at_login(sender, request: HttpRequest | None, user: AbstractBaseUser, **kwargs) -> None:
    """user_logged_in: the guest cart of this session joins the account's cart."""
    if request is None or not hasattr(request, "session"):
        return
    guest = selectors.guest_cart(request.session.pop(SESSION_KEY, None))
    if guest is not None:
        services.merge_guest_cart(guest, user)
