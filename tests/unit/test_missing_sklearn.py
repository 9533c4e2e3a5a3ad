# SPDX-License-Identifier: GPL-2.0-or-later
"""Without scikit-learn (QGIS's Python often lacks it), the susceptibility modules still import and a run says what
to install: never "TypeError: duplicate base class object" at 25 % (issue "A plugin that feels native", item 2)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def test_without_scikit_learn_training_names_the_install_command(tmp_path):
    plugins = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    script = textwrap.dedent(
        """
        import sys
        sys.modules["sklearn"] = None  # as if it were not installed: importing it raises ImportError
        sys.modules["skl2onnx"] = None
        from lithoscope.inference.errors import InputError
        from lithoscope.susceptibility import models, workflow  # must import
        try:
            workflow.train(workflow.TrainParams("f.tif", "i.gpkg", "m.onnx"))
        except InputError as exc:
            print("REFUSED:", exc)
        """
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([os.path.join(plugins, ".build", "plugins"), plugins]))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "REFUSED: Training susceptibility models needs scikit-learn and skl2onnx" in done.stdout
    assert "pip install 'scikit-learn>=1.9' 'skl2onnx>=1.20'" in done.stdout
