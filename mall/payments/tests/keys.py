"""Keys and certificates made by the tests themselves: one set per test session."""

import datetime as dt
import functools

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from mall.payments import crypto


@functools.cache
def key(name: str) -> rsa.RSAPrivateKey:
    """A fresh 2048-bit key per role ("merchant", "alipay", "platform", "intruder", …)."""
    return crypto.generate_private_key()


def certificate(private_key: rsa.RSAPrivateKey, serial: int) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Tenpay.com Root CA test")])
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private_key.public_key())
        .serial_number(serial)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(private_key, hashes.SHA256())
    )
