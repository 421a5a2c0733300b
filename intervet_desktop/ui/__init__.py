"""Qt only: main window, pages, dialogs, item models, task runner, progress, i18n."""
