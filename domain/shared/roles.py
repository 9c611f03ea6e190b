"""Who may act: the roles of DESIGN §3 as a vocabulary."""

from __future__ import annotations

from .labels import LabelledEnum


class ActorRole(LabelledEnum):
    CASEWORKER = ("caseworker", "Operatrice", "Caseworker")
    COORDINATOR = ("coordinator", "Coordinatrice", "Coordinator")
    AUDITOR = ("auditor", "Auditor", "Auditor")
    EVALUATOR = ("evaluator", "Valutatrice", "Evaluator")
    MANAGER = ("manager", "Responsabile", "Manager")
    ADMIN = ("admin", "Amministratrice", "Administrator")
    SYSTEM = ("system", "Sistema", "System")


class Source(LabelledEnum):
    """Where a command came from; imports add the file name after a colon."""

    API = ("api", "API", "API")
    CLI = ("cli", "Riga di comando", "Command line")
    SYNTHETIC = ("synthetic", "Dati sintetici", "Synthetic data")
    IMPORT = ("import", "Importazione", "Import")
