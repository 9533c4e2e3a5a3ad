# SPDX-License-Identifier: GPL-2.0-or-later
"""Training deep models outside QGIS's process: the training environment (a venv with PyTorch) and the runner
that starts worker/run_job.py in it, streams its progress and cleans up after a cancel or a crash.

Nothing here imports torch: only worker/run_job.py does, in the other process.
"""

from .environment import TrainingEnvironment, find_environment
from .runner import run_training

__all__ = ["TrainingEnvironment", "find_environment", "run_training"]
