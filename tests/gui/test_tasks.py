"""The task runner on real threads: writes in order on one worker, results on the UI thread,
Changes broadcast, delayed progress dialog with a working Cancel, errors delivered."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from intervet_desktop.core.errors import UserError
from intervet_desktop.db.models import AppSetting
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import settings as settings_service
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.tasks import Progress, TaskRunner


@pytest.fixture
def runner(gui_app: QApplication, workspace: Workspace):  # type: ignore[no-untyped-def]
    tasks = TaskRunner(workspace)
    yield tasks
    tasks.close()


def test_writes_run_in_order_on_one_worker_and_report_on_the_ui_thread(runner: TaskRunner, qtbot) -> None:  # type: ignore[no-untyped-def]
    threads: set[str] = set()
    results: list[int] = []
    ui_thread = QThread.currentThread()

    def op(n: int):  # type: ignore[no-untyped-def]
        def write(ws: Workspace) -> Result[int]:
            threads.add(threading.current_thread().name)
            with ws.session() as s:
                s.add(AppSetting(key=f"k{n}", value=str(n)))
            return Result(n, Changes.of(Kind.SETTING))

        return write

    def done(n: int) -> None:
        assert QThread.currentThread() is ui_thread
        results.append(n)

    with qtbot.waitSignals([runner.changed] * 5, timeout=10_000):
        for n in range(5):
            runner.write(op(n), done)
    qtbot.waitUntil(lambda: len(results) == 5, timeout=10_000)
    assert results == [0, 1, 2, 3, 4]
    assert len(threads) == 1 and next(iter(threads)).startswith("intervet-writer")


def test_user_error_from_a_write_goes_to_the_error_handler(runner: TaskRunner, qtbot) -> None:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []
    profile = settings_service.InstitutionProfile(name="", oid="bad")
    runner.write(lambda ws: settings_service.save_profile(ws, profile), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], UserError)
    assert settings_service.load_profile(runner.workspace).oid == ""


def test_long_work_shows_progress_after_a_delay_and_cancel_stops_it(runner: TaskRunner, qtbot) -> None:  # type: ignore[no-untyped-def]
    started = threading.Event()
    release = threading.Event()
    finished: list[object] = []

    def work(progress: Progress) -> str:
        started.set()
        for i in range(1000):
            progress.update(i, 1000, "working")
            if release.wait(0.01):
                progress.check()
        return "never"

    progress = runner.run(work, finished.append, title="Long work")
    assert started.wait(5)
    dialogs = lambda: [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]  # noqa: E731
    assert not any(d.isVisible() for d in dialogs())  # not before the delay
    qtbot.waitUntil(lambda: any(d.isVisible() for d in dialogs()), timeout=5_000)
    visible = next(d for d in dialogs() if d.isVisible())
    cancel_button = visible.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Cancel"
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    assert progress.cancelled
    qtbot.waitUntil(lambda: not any(d.isVisible() for d in dialogs()), timeout=5_000)
    assert finished == []


def test_a_write_refreshes_the_pages_that_watch_it(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from intervet_desktop.db.models import Person

    page = window.show_page("people")
    assert page.model.rowCount() == 3  # type: ignore[attr-defined]

    def add_person(ws: Workspace) -> Result[None]:
        with ws.session() as s:
            s.add(
                Person(
                    first_name="Aino",
                    last_name="Järvinen",
                    search_key="aino jarvinen",
                    sort_key="jarvinen aino",
                )
            )
        return Result(None, Changes.of(Kind.PERSON))

    window.ctx.tasks.write(add_person)
    assert page.model.rowCount() == 4  # type: ignore[attr-defined]


def test_a_long_write_runs_on_the_writer_and_cancel_rolls_it_back(runner: TaskRunner, qtbot) -> None:  # type: ignore[no-untyped-def]
    threads: list[str] = []
    cancelled: list[bool] = []
    finished: list[object] = []

    def op(ws: Workspace, progress: Progress) -> Result[int]:
        threads.append(threading.current_thread().name)
        with ws.session() as s:
            for n in range(3):
                s.add(AppSetting(key=f"long{n}", value=str(n)))
                s.flush()
                progress.report(n + 1, 3, "writing")
                if n == 1:
                    progress.cancel()  # as the dialog's Cancel does, part-way through
                progress.check()
        return Result(3, Changes.of(Kind.SETTING))

    runner.write_long(op, finished.append, title="Long write", on_cancel=lambda: cancelled.append(True))
    qtbot.waitUntil(lambda: bool(cancelled), timeout=10_000)
    assert finished == [] and threads[0].startswith("intervet-writer")
    with runner.workspace.read_session() as s:
        assert s.get(AppSetting, "long0") is None  # nothing half-saved

    runner.write_long(lambda ws, progress: Result(len(threads), Changes()), finished.append, title="Again")
    qtbot.waitUntil(lambda: finished == [1], timeout=10_000)


def test_closing_cancels_a_long_write_which_rolls_back(gui_app: QApplication, workspace: Workspace) -> None:
    runner = TaskRunner(workspace)
    started = threading.Event()

    def op(ws: Workspace, progress: Progress) -> Result[None]:
        with ws.session() as s:
            s.add(AppSetting(key="half", value="1"))
            s.flush()
            started.set()
            for _ in range(2000):  # about 20 s unless cancelled
                progress.check()
                threading.Event().wait(0.01)
        return Result(None, Changes.of(Kind.SETTING))

    runner.write_long(op, title="Long write")
    assert started.wait(10)
    runner.close()  # returns once the writer has stopped: Cancel, not the whole loop
    with workspace.read_session() as s:
        assert s.get(AppSetting, "half") is None
