"""RSA signatures (SHA256withRSA, PKCS#1 v1.5: Alipay RSA2, WeChat Pay v3, the sandbox) and
WeChat Pay's AEAD_AES_256_GCM, with the `cryptography` package. Keys are loaded from PEM
files (or Alipay's bare base64) and cached until the file changes."""

import base64
import binascii
import functools
import os
import secrets
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class KeyFileError(Exception):
    pass


def sign(private_key: rsa.RSAPrivateKey, message: str) -> str:
    signature = private_key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def verify(public_key: rsa.RSAPublicKey, message: str, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
        public_key.verify(raw, message.encode(), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, binascii.Error, ValueError, TypeError):
        return False
    return True


def aes_gcm_decrypt(key: str, nonce: str, ciphertext: str, associated_data: str) -> bytes:
    """Raises ValueError when the key is wrong or anything was altered."""
    try:
        return AESGCM(key.encode()).decrypt(
            nonce.encode(), base64.b64decode(ciphertext, validate=True), associated_data.encode()
        )
    except (InvalidTag, binascii.Error, ValueError, TypeError) as exc:
        raise ValueError("密文无法解密或已被篡改") from exc


def aes_gcm_encrypt(key: str, nonce: str, plaintext: bytes, associated_data: str) -> str:
    """What the gateway does; the sandbox and the tests use it."""
    sealed = AESGCM(key.encode()).encrypt(nonce.encode(), plaintext, associated_data.encode())
    return base64.b64encode(sealed).decode()


def generate_private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_pem(key: rsa.RSAPublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_private_key(path: str | Path) -> rsa.RSAPrivateKey:
    return _load(str(path), _mtime(path), private=True)


def load_public_key(path: str | Path) -> rsa.RSAPublicKey:
    """A PEM public key, an X.509 certificate, or Alipay's bare base64 public key."""
    return _load(str(path), _mtime(path), private=False)


def certificate_serial(certificate: x509.Certificate) -> str:
    return format(certificate.serial_number, "X")


def ensure_private_key(path: Path) -> rsa.RSAPrivateKey:
    """Load the key at `path`, generating it first if missing. Concurrent first calls agree:
    the file is created by a hard link, which fails if another process got there first."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        temporary.write_bytes(private_pem(generate_private_key()))
        temporary.chmod(0o600)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return load_private_key(path)


def _mtime(path: str | Path) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError as exc:
        raise KeyFileError(f"无法读取密钥文件：{path}") from exc


@functools.lru_cache(maxsize=32)
def _load(path: str, _mtime_ns: int, *, private: bool):
    data = Path(path).read_bytes().strip()
    try:
        if private:
            return _private_from(data)
        return _public_from(data)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise KeyFileError(f"密钥文件格式不正确：{path}") from exc


def _private_from(data: bytes) -> rsa.RSAPrivateKey:
    if data.startswith(b"-----BEGIN"):
        key = serialization.load_pem_private_key(data, password=None)
    else:
        key = serialization.load_der_private_key(base64.b64decode(data), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("not an RSA key")
    return key


def _public_from(data: bytes) -> rsa.RSAPublicKey:
    if b"BEGIN CERTIFICATE" in data:
        key = x509.load_pem_x509_certificate(data).public_key()
    elif data.startswith(b"-----BEGIN"):
        key = serialization.load_pem_public_key(data)
    else:
        key = serialization.load_der_public_key(base64.b64decode(data))
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("not an RSA key")
    return key


def certificate_serial_of(path: str | Path) -> str | None:
    """The serial number (upper-case hex) of the certificate in a PEM file; None for a bare
    public key (WeChat Pay's public-key mode names those by their file name, PUB_KEY_ID_…)."""
    return _serial(str(path), _mtime(path))


@functools.lru_cache(maxsize=32)
def _serial(path: str, _mtime_ns: int) -> str | None:
    data = Path(path).read_bytes()
    if b"BEGIN CERTIFICATE" not in data:
        return None
    return certificate_serial(x509.load_pem_x509_certificate(data))
