"""Signed key=value parameters, sorted by key (Alipay's RSA2 scheme, reused by the sandbox)."""

from collections.abc import Mapping

from cryptography.hazmat.primitives.asymmetric import rsa

from mall.payments import crypto


def canonical(params: Mapping[str, str], *, exclude: frozenset[str]) -> str:
    """`a=1&b=2`: sorted by key, empty values and the excluded keys left out, no escaping."""
    return "&".join(
        f"{key}={params[key]}" for key in sorted(params) if key not in exclude and params[key]
    )


def sign_params(
    params: Mapping[str, str], private_key: rsa.RSAPrivateKey, *, exclude: frozenset[str]
) -> str:
    return crypto.sign(private_key, canonical(params, exclude=exclude))


def verify_params(
    params: Mapping[str, str], public_key: rsa.RSAPublicKey, *, exclude: frozenset[str]
) -> bool:
    signature = params.get("sign", "")
    return bool(signature) and crypto.verify(
        public_key, canonical(params, exclude=exclude), signature
    )
