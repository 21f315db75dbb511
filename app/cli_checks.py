"""The CLI's words for what goes wrong before a command can run, and its checks before
anything is queued — in the user's language, through Qt's QTranslator (QtCore only: the
terminal commands load no widget and no GUI library).

- :class:`CliLanguage`: the language (``--lang``, else the profile's choice, else the
  system's) and Kizuna's compiled ``.qm``, for as long as the command runs;
- :func:`problem_line` / :func:`problem_exit`: a :class:`ProfileError` as one line for
  stderr and its exit status (README, "When something goes wrong");
- :func:`recovery_lines`: what a recovered database kept, and what it could not;
- :func:`too_long`: each target's text counted by its network's own rule before queueing;
- :func:`passed_line` and :func:`too_long_line`: the refusals of ``post``'s pre-flight.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app.core.counting import measure
from app.core.models import AccountRef, Audience, Limits
from app.store.profile_errors import Problem, ProfileError, classify
from app.store.recovery import RecoveryReport

EXIT_FAILED, EXIT_WAITING = 1, 75
translate = QCoreApplication.translate


class CliLanguage:
    """The language of the CLI's words for as long as a command runs (the window's rule):
    ``--lang``, else the profile's choice (設定 → 言語, known once the profile is open:
    :meth:`use_saved`), else the system's. Its translators are Qt's and Kizuna's, on a
    QCoreApplication (made here when there is none, and shut down by :meth:`close`)."""

    def __init__(self, lang: str | None) -> None:
        from app.i18n import translators

        app = QCoreApplication.instance()
        self._created = app is None
        self._app = app if app is not None else QCoreApplication(["kizuna-cli"])
        self._given = lang
        self._kept = translators.install(self._app, translators.pick_language(lang))

    def use_saved(self, saved: object) -> None:
        """The profile's saved language (``prefs.lang``), unless ``--lang`` chose one."""
        if self._given or not isinstance(saved, str) or not saved:
            return
        from app.i18n import translators

        translators.uninstall(self._app, self._kept)
        self._kept = translators.install(self._app, translators.pick_language(saved))

    def close(self) -> None:
        from app.i18n import translators

        translators.uninstall(self._app, self._kept)
        if self._created:
            self._app.shutdown()


def error_line(words: str) -> str:
    """``error: WORDS``: one line for stderr, its prefix in the user's language too."""
    #: Prefix of a CLI error line on stderr; %1 is what went wrong.
    return translate("Cli", "error: %1").replace("%1", words)


def warning_line(words: str) -> str:
    """``warning: WORDS``: one line for stderr, its prefix in the user's language too."""
    #: Prefix of a CLI warning line on stderr; %1 is the warning.
    return translate("Cli", "warning: %1").replace("%1", words)


def circle_word(audience: Audience) -> str:
    """The audience (circle) a target or a greeting goes to, in words."""
    if audience is Audience.FRIENDS:
        #: CLI, the friends circle (an outbox row, the safety summary, the ledger's Circle).
        return translate("Cli", "friends")
    #: CLI, the public circle (an outbox row, the safety summary, the ledger's Circle).
    return translate("Cli", "public")


def problem_line(error: ProfileError) -> str:
    """One line for stderr: what is wrong with the profile and what to do."""
    path = str(error.path)
    words = {
        #: CLI error about the profile folder; %1 is its path.
        Problem.NOT_A_FOLDER: translate(
            "Cli",
            "The profile %1 is a file, not a folder. Move the file away or choose another"
            " folder with --profile.",
        ),
        #: CLI error; %1 is the path of the profile folder.
        Problem.CANNOT_CREATE: translate(
            "Cli",
            "The profile folder %1 cannot be created. Check the path and your"
            " permissions, or choose another folder with --profile.",
        ),
        #: CLI error; %1 is the path of the profile folder.
        Problem.READ_ONLY: translate(
            "Cli",
            "The profile %1 cannot be written (read-only). Make it writable or choose"
            " another folder with --profile. Nothing was changed.",
        ),
        #: CLI error; %1 is the path of the profile folder.
        Problem.DISK_FULL: translate(
            "Cli",
            "The disk holding %1 is full. Free some space and try again; nothing was half-written.",
        ),
        #: CLI error; %1 is the database's path, %2 empty or ' (the programs holding it)'.
        Problem.LOCKED: translate(
            "Cli",
            "The profile database %1 is in use by another program%2. Try again when it"
            " has finished.",
        ),
        #: CLI error; %1 is the path of the profile folder.
        Problem.NEWER_VERSION: translate(
            "Cli",
            "The profile %1 was written by a newer version of Kizuna. Update Kizuna;"
            " this version leaves it unchanged.",
        ),
        #: CLI error; %1 is the database file's path.
        Problem.DAMAGED: translate(
            "Cli", "The profile database %1 is damaged and could not be recovered."
        ),
    }[error.problem]
    holders = ", ".join(error.holders) if error.holders else ""
    return error_line(words.replace("%1", path).replace("%2", f" ({holders})" if holders else ""))


def problem_exit(error: ProfileError) -> int:
    """75 when waiting helps (another program holds the database), else 1."""
    return EXIT_WAITING if error.problem is Problem.LOCKED else EXIT_FAILED


def recovery_lines(report: RecoveryReport) -> list[str]:
    """What a recovery kept and lost, for stderr."""
    unsent, drafts = report.unsent, report.drafts
    lines = [
        translate("Cli", "The profile database was damaged and has been recovered."),
        #: A line of the recovery report; %n is how many unsent posts were kept.
        translate("Cli", "Unsent posts kept: %n", None, unsent),
        #: A line of the recovery report; %n is how many drafts were kept.
        translate("Cli", "Drafts kept: %n", None, drafts),
    ]
    if report.moved_to is not None:
        lines.append(
            #: CLI warning after a recovery; %1 is the path the damaged file was moved to.
            translate("Cli", "The damaged file was kept as %1.").replace("%1", str(report.moved_to))
        )
    restored = report.from_backup.get("outbox_targets", 0)
    if restored:
        lines.append(
            #: CLI warning after a recovery; %n is how many unsent posts the backup restored.
            translate(
                "Cli",
                "%n post(s) came back from the backup; check they were not sent already"
                " (outbox), then retry or discard them.",
                None,
                restored,
            )
        )
    places = sum(report.unreadable.values()) + int(report.schema_lost)
    if places:
        lines.append(
            #: CLI warning after a recovery; %n is how many damaged parts were lost.
            translate(
                "Cli",
                "%n damaged part(s) of the file could not be read; what was there is lost.",
                None,
                places,
            )
        )
    return [warning_line(line) for line in lines]


@dataclass(frozen=True)
class Overlong:
    """A target whose text its network refuses: ``used`` of ``limit`` (characters or,
    when ``in_bytes``, UTF-8 bytes)."""

    handle: str
    network: str
    used: int
    limit: int
    in_bytes: bool = False


def declared_limits(account: AccountRef) -> Limits | None:
    """The rule the account's network declares before its server is asked; None for a
    network this version does not know."""
    from app.networks.factory import UnknownNetwork
    from app.networks.factory import declared_limits as declared

    try:
        return declared(account)
    except UnknownNetwork:
        return None


def too_long(
    targets: Iterable[tuple[AccountRef, Limits | None, Audience]], texts: dict[Audience, str]
) -> list[Overlong]:
    """Every (account, its signed-in adapter's limits or None, audience) whose text is too
    long by its network's rule (the declared one until signed in)."""
    out: list[Overlong] = []
    for account, limits, audience in targets:
        rule = limits or declared_limits(account)
        text = texts.get(audience)
        if rule is None or text is None:
            continue
        m = measure(text, rule)
        if not m.fits_characters:
            found = Overlong(account.handle, account.network, m.used, m.limit)
        elif not m.fits_bytes and m.max_bytes is not None:
            found = Overlong(account.handle, account.network, m.bytes_used, m.max_bytes, True)
        else:
            continue
        if found not in out:  # one line per account and text
            out.append(found)
    return out


def too_long_line(item: Overlong) -> str:
    if item.in_bytes:
        #: CLI error: %1 account handle, %2 its network (Mastodon…), %3 bytes used, %4 limit.
        words = translate("Cli", "too long for %1 (%2): %3 bytes of %4")
    else:
        #: CLI error: %1 account handle, %2 its network, %3 characters used, %4 the limit.
        words = translate("Cli", "too long for %1 (%2): %3 characters of %4")
    return error_line(
        words.replace("%1", item.handle)
        .replace("%2", item.network)
        .replace("%3", str(item.used))
        .replace("%4", str(item.limit))
    )


def passed_line() -> str:
    return error_line(translate("Cli", "That time has already passed. Choose a later one."))


def not_iso_line(value: str) -> str:
    #: CLI error for --at; %1 is what the user wrote. Keep the example date as it is.
    words = translate("Cli", "Not a date and time: %1 (write it as 2027-01-01T09:00)")
    return error_line(words.replace("%1", value))


def no_target_line(target: int) -> str:
    #: CLI error; %1 is the number of a target (one post to one account) in the outbox.
    words = translate("Cli", "There is no unsent target %1.")
    return error_line(words.replace("%1", str(target)))


def session_failed_line(exc: BaseException, sandbox_dir: Path) -> str:
    """Why the accounts or the sandbox could not be opened, with what to do."""
    cause = getattr(exc, "cause", None) or exc.__cause__ or exc
    problem = classify(cause, Path(getattr(exc, "data_dir", sandbox_dir)))
    if problem is not None:
        return problem_line(problem)
    if hasattr(exc, "data_dir"):  # app.sandbox.runner.SandboxFailed
        #: CLI error; %1 is the folder of the practice sandbox's files.
        words = translate(
            "Cli",
            "The practice sandbox could not start. Its files are in %1: delete that folder"
            " to start it afresh (it holds only practice posts). Details are in the log.",
        )
        return error_line(words.replace("%1", str(sandbox_dir)))
    return error_line(translate("Cli", "Could not open the accounts. Details are in the log."))


def sandbox_reset_lines(sandbox_dir: Path) -> list[str]:
    """A warning for stderr when this sandbox run found its data damaged and reset it."""
    return [warning_line(words) for words in sandbox_reset_words(sandbox_dir)]


def sandbox_reset_words(sandbox_dir: Path) -> list[str]:
    """A notice (no prefix: the window's status bar) when this sandbox run found its data
    damaged and reset it."""
    try:
        data = json.loads((sandbox_dir / "accounts.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    reset = data.get("reset") if isinstance(data, dict) else None
    if not reset:
        return []
    #: CLI warning; %1 is the names of the sandbox's data files that were reset.
    words = translate(
        "Cli",
        "The practice sandbox's data (%1) was damaged and has been reset to the demo"
        " community. Your own accounts and outbox are not affected.",
    )
    return [words.replace("%1", ", ".join(str(name) for name in reset))]


def setting_line(key: str) -> str:
    """A saved setting whose value could not be used (its default was)."""
    #: CLI warning; %1 is the setting's key (e.g. ui/language).
    words = translate(
        "Cli", "The saved setting %1 could not be read; its default is used until you change it."
    )
    return warning_line(words.replace("%1", key))
