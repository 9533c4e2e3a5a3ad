# SPDX-License-Identifier: GPL-2.0-or-later
"""The model manager: the shipped models and those of the user's model folders, each with its model card
(Markdown, rendered) and its contract; Import ONNX file…, Edit metadata… and "Does it fit this layer?"."""

from __future__ import annotations

import html
import json
import os
from typing import Callable

from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsRasterLayer, QgsUnitTypes
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QTextDocument
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr, translate_message
from ..inference.errors import LithoscopeError
from ..inference.model.contract import TASKS, ModelContract, read_contract
from ..inference.model.registry import (
    MissingContractError,
    folder_models,
    import_model,
    model_card,
    shipped_models,
)
from ..processing.settings import load_settings, model_folders
from .common import PlacedClearOfMessageBar, raster_path
from .help import help_button

# What a band name's ending says its unit is (a contract may also give band_units).
_UNIT_SUFFIXES = (("_m", "m"), ("_deg", "°"), ("_mm", "mm"), ("_pct", "%"), ("_rad", "rad"), ("_db", "dB"))


def band_unit(contract: ModelContract, index: int) -> str:
    """The unit of input band `index`: the contract's band_units, else what the band name's ending says ('' if none)."""
    units = contract.raw.get("band_units")
    if isinstance(units, list) and index < len(units) and units[index]:
        return str(units[index])
    name = contract.band_names[index].lower() if index < len(contract.band_names) else ""
    for suffix, unit in _UNIT_SUFFIXES:
        if name.endswith(suffix):
            return unit
    return ""


def _open(tag: str, **attributes) -> str:
    """An HTML start tag with its attributes (escaped)."""
    return "<" + tag + "".join(f' {k}="{html.escape(str(v))}"' for k, v in attributes.items()) + ">"


def markdown_html(text: str) -> str:
    """Markdown rendered to HTML (Qt's own renderer, as the card view shows it)."""
    document = QTextDocument()
    document.setMarkdown(text)
    return document.toHtml()


def card_html(model_path: str) -> str:
    """The model card beside `model_path`, rendered; a note when there is none."""
    card = model_card(model_path)
    if card is None:
        note = tr("This model has no model card (a .md file of the same name beside the .onnx file).")
        return f"<p><i>{html.escape(note)}</i></p>"
    with open(card, encoding="utf-8") as f:
        return markdown_html(f.read())


def _metric_rows(metrics, prefix: str = "", depth: int = 0) -> list[tuple[str, str]]:
    if isinstance(metrics, dict) and depth < 2:
        rows = []
        for key, value in metrics.items():
            rows += _metric_rows(value, f"{prefix}{key}" if not prefix else f"{prefix} › {key}", depth + 1)
        return rows
    text = f"{metrics:.4g}" if isinstance(metrics, float) else json.dumps(metrics, ensure_ascii=False)
    return [(prefix or tr("metrics"), text if len(text) <= 160 else text[:157] + "…")]


def contract_html(contract: ModelContract) -> str:
    """The contract as HTML: task and output, the input bands (name, unit, kind, training range), the classes
    with colour swatches, and the metrics."""
    e = html.escape
    parts = [f"<h3>{e(tr('Task'))}: {e(contract.task)}</h3>"]
    facts = [
        (tr("Output"), contract.output_kind),
        (tr("Output activation"), contract.output_activation),
        (tr("Tile size"), f"{contract.tile_size} px" if contract.tile_size else ""),
        (tr("Resolution"), f"{contract.resolution_m:g} m" if contract.resolution_m else ""),
        (tr("Sequence length"), str(contract.sequence_length or "")),
        (tr("Version"), contract.model_version),
        (tr("Licence"), contract.licence),
    ]
    parts.append("<table>" + "".join(f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in facts if v))
    parts.append("</table>")
    if contract.description:
        parts.append(f"<p>{e(contract.description)}</p>")
    if contract.band_names:
        parts.append(f"<h4>{e(tr('Inputs'))}</h4>" + _open("table", border=1, cellspacing=0, cellpadding=3))
        heads = (tr("Band"), tr("Name"), tr("Unit"), tr("Kind"), tr("Training range"))
        parts.append("<tr>" + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr>")
        for i, name in enumerate(contract.band_names):
            kind = contract.band_kinds[i] if i < len(contract.band_kinds) else tr("continuous")
            if name in contract.band_derived:  # computed from another band (a slope from the DEM), not read
                terrain, band = contract.band_derived[name]
                kind = tr("derived: {terrain} of {band}").format(terrain=terrain, band=band)
            pair = contract.band_ranges[i] if i < len(contract.band_ranges) else None
            span = f"{pair[0]:.4g} – {pair[1]:.4g}" if pair else ""
            cells = (str(i + 1), name, band_unit(contract, i), kind, span)
            parts.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
        parts.append("</table>")
    if contract.class_names:
        parts.append(f"<h4>{e(tr('Classes'))}</h4>" + _open("table", cellpadding=2))
        for i in range(len(contract.class_names)):
            color = contract.class_color(i)
            swatch = _open("td", bgcolor=color, width=24) + "&nbsp;" * 4 + "</td>"
            parts.append(f"<tr>{swatch}<td>{i}</td><td>{e(contract.class_name(i))}</td><td>{e(color)}</td></tr>")
        parts.append("</table>")
    if contract.metrics:
        parts.append(f"<h4>{e(tr('Metrics'))}</h4><table>")
        for key, value in _metric_rows(contract.metrics):
            parts.append(f"<tr><td><b>{e(key)}</b></td><td>{e(value)}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


def listed_models(folders) -> list[tuple[str, str, bool]]:
    """(label, path, shipped) of the shipped models, then those of the user's model folders."""
    out = [(name, path, True) for name, path in shipped_models().items()]
    out += [(os.path.basename(path), path, False) for path in folder_models(folders)]
    return out


def metadata_parameters(
    model_path: str,
    task: str = "",
    band_names: str = "",
    class_names: str = "",
    class_colors: str = "",
    description: str = "",
    output: str = "",
) -> dict:
    """The `lithoscope:set_model_metadata` parameters of the Edit metadata form (empty = unchanged)."""
    from ..processing.set_metadata import SetModelMetadataAlgorithm as Alg

    params = {Alg.INPUT: model_path}
    for key, value in (
        (Alg.BAND_NAMES, band_names),
        (Alg.CLASS_NAMES, class_names),
        (Alg.CLASS_COLORS, class_colors),
        (Alg.DESCRIPTION, description),
    ):
        if value.strip():
            params[key] = value.strip()
    if task:
        params[Alg.TASK] = TASKS.index(task)
    if output:
        params[Alg.OUTPUT] = output
    return params


class _Feedback(QgsProcessingFeedback):
    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []

    def reportError(self, error: str, fatalError: bool = False) -> None:  # noqa: N802, N803 (QGIS API)
        super().reportError(error, fatalError)
        self.errors.append(error)


def write_metadata(params: dict) -> tuple[str, str]:
    """Run `lithoscope:set_model_metadata` with `params`: (the model written, '') or ('', the error)."""
    from ..processing.set_metadata import SetModelMetadataAlgorithm

    algorithm = SetModelMetadataAlgorithm()
    algorithm.initAlgorithm()
    feedback = _Feedback()
    results, ok = algorithm.run(params, QgsProcessingContext(), feedback)
    if not ok:
        return "", "\n".join(feedback.errors) or tr("The metadata could not be written.")
    return results[SetModelMetadataAlgorithm.OUTPUT], ""


class MetadataDialog(QDialog):
    """Edit metadata…: task, band names, class names and colours, description; a copy, or in place once confirmed."""

    def __init__(self, model_path: str, shipped: bool, parent: QWidget | None = None, output_folder: str = "") -> None:
        super().__init__(parent)
        self.model_path, self.shipped = model_path, shipped
        self.written = ""
        self.confirm: Callable[[str], bool] = self._ask
        self.setWindowTitle(tr("Lithoscope — Edit metadata of {name}").format(name=os.path.basename(model_path)))
        self.setMinimumWidth(560)
        try:
            contract = read_contract(model_path)
        except LithoscopeError:
            contract = ModelContract()
        form = QFormLayout()
        self.task_combo = QComboBox(self)
        self.task_combo.addItem(tr("(unchanged)"), "")
        for task in TASKS:
            self.task_combo.addItem(task, task)
        if contract.task_given:
            self.task_combo.setCurrentIndex(max(0, self.task_combo.findData(contract.task)))
        form.addRow(tr("Task"), self.task_combo)
        self.band_names = QLineEdit(", ".join(contract.band_names), self)
        form.addRow(tr("Band names (comma-separated)"), self.band_names)
        self.class_names = QLineEdit(", ".join(contract.class_names), self)
        form.addRow(tr("Class names (comma-separated)"), self.class_names)
        self.class_colors = QLineEdit(", ".join(c for c in contract.class_colors if c), self)
        self.class_colors.setPlaceholderText(tr("For example #1f77b4, #ff7f0e"))
        form.addRow(tr("Class colours (#rrggbb)"), self.class_colors)
        self.description = QPlainTextEdit(contract.description, self)
        self.description.setMaximumHeight(90)
        form.addRow(tr("Description"), self.description)
        self.in_place = QCheckBox(tr("Change the model file itself (no copy)"), self)
        self.in_place.setEnabled(not shipped)
        form.addRow("", self.in_place)
        stem = os.path.splitext(os.path.basename(model_path))[0]
        folder = output_folder or os.path.dirname(model_path)
        self.output = QLineEdit(os.path.join(folder, f"{stem}_metadata.onnx"), self)
        form.addRow(tr("Copy to"), self.output)
        self.in_place.toggled.connect(lambda on: self.output.setEnabled(not on))
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, tr("Lithoscope"), text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def parameters(self) -> dict:
        """The set_model_metadata parameters of the form."""
        return metadata_parameters(
            self.model_path,
            self.task_combo.currentData(),
            self.band_names.text(),
            self.class_names.text(),
            self.class_colors.text(),
            self.description.toPlainText(),
            "" if self.in_place.isChecked() else self.output.text().strip(),
        )

    def save(self) -> None:
        """Write the metadata (in place only once the user confirms); accept on success."""
        in_place = self.in_place.isChecked()
        if in_place and self.shipped:
            self.error_label.setText(tr("A shipped model is never changed; write a copy."))
            return
        if not in_place and not self.output.text().strip():
            self.error_label.setText(tr("Give the file the copy is written to."))
            return
        if in_place and not self.confirm(
            tr("Change the metadata of {name} in place? The file is rewritten; keep a copy if unsure.").format(
                name=os.path.basename(self.model_path)
            )
        ):
            return
        written, error = write_metadata(self.parameters())
        if error:
            self.error_label.setText(error)
            return
        self.written = written
        self.accept()


class ModelManagerDialog(PlacedClearOfMessageBar, QDialog):
    """Lithoscope — Model manager."""

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.setWindowTitle(tr("Lithoscope — Model manager"))
        self.setMinimumSize(720, 440)
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Horizontal, self)
        self.model_list = QListWidget(splitter)
        self.model_list.setMinimumWidth(200)
        self.tabs = QTabWidget(splitter)
        self.card_view = QTextBrowser(self.tabs)
        self.card_view.setOpenExternalLinks(True)
        self.contract_view = QTextBrowser(self.tabs)
        self.fit_view = QTextBrowser(self.tabs)
        self.tabs.addTab(self.card_view, tr("Model card"))
        self.tabs.addTab(self.contract_view, tr("Contract"))
        self.tabs.addTab(self.fit_view, tr("Fit to layer"))
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.import_button = QPushButton(tr("Import ONNX file…"), self)
        self.import_button.clicked.connect(self._choose_import)
        self.edit_button = QPushButton(tr("Edit metadata…"), self)
        self.edit_button.clicked.connect(lambda: self.edit_metadata(self.current_path()))
        self.fit_button = QPushButton(tr("Does it fit this layer?"), self)
        self.fit_button.setToolTip(tr("Check the model against the active raster layer"))
        self.fit_button.clicked.connect(self.check_fit)
        for button in (self.import_button, self.edit_button, self.fit_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.help_button = help_button(self, "model_manager")
        buttons.addWidget(self.help_button)
        self.close_button = QPushButton(tr("Close"), self)
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.model_list.currentRowChanged.connect(self._show_model)
        self.refresh()

    # -- the list ------------------------------------------------------------------------------
    def refresh(self, select: str = "") -> None:
        """List the shipped models and those of the model folders; select `select` (a path) if given."""
        self.model_list.clear()
        for label, path, shipped in listed_models(model_folders()):
            text = label if shipped else tr("{name} (your models)").format(name=label)
            item = QListWidgetItem(text, self.model_list)
            item.setData(Qt.UserRole, path)
            item.setData(Qt.UserRole + 1, shipped)
            item.setToolTip(path)
        rows = [self.model_list.item(i).data(Qt.UserRole) for i in range(self.model_list.count())]
        self.model_list.setCurrentRow(rows.index(select) if select in rows else 0 if rows else -1)

    def current_path(self) -> str:
        """The path of the chosen model ('' if none)."""
        item = self.model_list.currentItem()
        return item.data(Qt.UserRole) if item is not None else ""

    def select(self, path: str) -> None:
        """Choose the model at `path` (or a shipped model's name)."""
        path = shipped_models().get(path, path)
        for i in range(self.model_list.count()):
            if self.model_list.item(i).data(Qt.UserRole) == path:
                self.model_list.setCurrentRow(i)
                return

    def _show_model(self, row: int) -> None:
        path = self.current_path()
        self.fit_view.clear()
        self.edit_button.setEnabled(bool(path))
        self.fit_button.setEnabled(bool(path))
        if not path:
            self.card_view.clear()
            self.contract_view.clear()
            return
        self.card_view.setHtml(card_html(path))
        try:
            self.contract_view.setHtml(contract_html(read_contract(path)))
        except LithoscopeError as exc:
            self.contract_view.setPlainText(translate_message(str(exc)))

    # -- import and metadata -------------------------------------------------------------------
    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import an ONNX model"), "", tr("ONNX models (*.onnx)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str, offer_metadata: bool = True) -> str:
        """Copy `path` into the first model folder once its contract reads; the copy's path, '' if refused.

        A refusal is shown with its reason; a model without a contract is offered Edit metadata…
        """
        folders = load_settings().model_folders
        if not folders:
            self.status.setText(tr("Add a model folder first (Settings > Options > Lithoscope > Model folders)."))
            return ""
        try:
            target = import_model(path, folders[0])
        except LithoscopeError as exc:
            self.status.setText(tr("Not imported: {reason}").format(reason=translate_message(str(exc))))
            if offer_metadata and isinstance(exc, MissingContractError) and self._ask_metadata(path):
                self.edit_metadata(path, output_folder=folders[0])
            return ""
        name = os.path.basename(target)
        self.status.setText(tr("Imported into {folder}: {name}").format(folder=folders[0], name=name))
        self.refresh(select=target)
        return target

    def _ask_metadata(self, path: str) -> bool:
        text = tr("{name} has no Lithoscope contract. Write its metadata now (a copy into your model folder)?").format(
            name=os.path.basename(path)
        )
        answer = QMessageBox.question(self, tr("Lithoscope"), text, QMessageBox.Yes | QMessageBox.No)
        return answer == QMessageBox.Yes

    def edit_metadata(self, path: str, output_folder: str = "") -> None:
        """Open the Edit metadata form on the model at `path`."""
        if not path:
            return
        shipped = path in shipped_models().values()
        folders = load_settings().model_folders
        folder = output_folder or (folders[0] if shipped and folders else "")
        dialog = MetadataDialog(path, shipped, self, output_folder=folder)
        if dialog.exec_() and dialog.written:
            self.status.setText(tr("Metadata written to {path}").format(path=dialog.written))
            self.refresh(select=dialog.written)

    # -- fit -----------------------------------------------------------------------------------
    def check_fit(self, layer=None) -> list:
        """Check the chosen model against `layer` (default: the active layer); the checks, shown in their tab."""
        from ..inference.pipelines.fit import fit_checks

        layer = layer if layer is not None else self.iface.activeLayer()
        self.tabs.setCurrentWidget(self.fit_view)
        if not isinstance(layer, QgsRasterLayer):
            self.fit_view.setPlainText(tr("Make a raster layer the active layer (click it in the Layers panel)."))
            return []
        try:
            units = QgsUnitTypes.toString(layer.crs().mapUnits())
            checks = fit_checks(self.current_path(), raster_path(layer), layer.bandCount(), units)
        except LithoscopeError as exc:
            self.fit_view.setPlainText(translate_message(str(exc)))
            return []
        title = tr("{model} on '{layer}'").format(model=os.path.basename(self.current_path()), layer=layer.name())
        what = {"bands": tr("Bands"), "values": tr("Values"), "crs": tr("CRS units")}
        rows = "".join(
            "<li>"
            + _open("span", style="color:" + ("#1b7f3b" if c.ok else "#b00020"))
            + ("✔" if c.ok else "✘")
            + f"</span> <b>{html.escape(what.get(c.what, c.what))}</b>: {html.escape(c.message)}</li>"
            for c in checks
        )
        self.fit_view.setHtml(f"<h3>{html.escape(title)}</h3><ul>{rows}</ul>")
        return checks
