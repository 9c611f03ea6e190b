"""Who is using the workspace: the API's bearer token, kept in a same-site, http-only cookie.

Signing in checks the token against the same user store as the API, so roles and programme
scoping are the API's. Forms carry a CSRF value derived from the token; with SameSite=Strict it
makes a form posted from another site useless.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from fastapi import Request

from domain.shared.roles import ActorRole

from ..api.users import User, UserStore
from .i18n import LANGS

COOKIE = "percorsi_ws"
LANG_COOKIE = "percorsi_lang"
WORKSPACE_ROLES = frozenset({ActorRole.CASEWORKER, ActorRole.COORDINATOR})


@dataclass(frozen=True)
class Session:
    user: User
    csrf: str
    lang: str


def csrf_for(token: str) -> str:
    return hashlib.sha256(b"percorsi-workspace-csrf\0" + token.encode()).hexdigest()[:32]


def language(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "it"
    return asked if asked in LANGS else "it"


def session_of(request: Request) -> Session | None:
    """The signed-in caseworker or coordinator, or None (then the page redirects to sign-in)."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    users: UserStore = request.app.state.users
    user = users.authenticate(token)
    if user is None or user.role not in WORKSPACE_ROLES:
        return None
    return Session(user, csrf_for(token), language(request))


def csrf_ok(session: Session, sent: str | None) -> bool:
    return sent is not None and hmac.compare_digest(session.csrf, sent)
