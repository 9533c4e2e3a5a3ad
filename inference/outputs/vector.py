# SPDX-License-Identifier: GPL-2.0-or-later
"""Layers and CSV files of table runs: a GeoPackage copy of a layer with new fields, the fields
written onto the layer itself when the user asks (GeoPackage in one transaction, Shapefile by its
.dbf), CSV tables, and the names new fields get.
"""

from __future__ import annotations

import csv
import os
import re
from typing import Callable, Hashable, Sequence

from ..errors import CancelledError, InputError, examples
from ..sources.features import field_names, open_layer
from ..sources.series import key
from .files import OutputTransaction, remove_sqlite, temporary_folder, temporary_path

_OGR_TYPES = {"integer": "OFTInteger", "real": "OFTReal", "text": "OFTString"}


def write_layer_copy(
    path: str,
    layer: str | None,
    output_path: str,
    fields: list[tuple[str, str]],
    values: dict[Hashable, tuple | None],
    key_field: str | None,
    transaction: OutputTransaction,
    is_cancelled: Callable[[], bool] | None = None,
) -> list[str]:
    """A GeoPackage copy of a layer with new fields, joined by feature id (`key_field` None) or by a field.

    The copy is written under a temporary name and joins the transaction. A new field whose
    name the layer already has gets a number (class_2). Returns the new fields' names. A cancel
    (`is_cancelled`, looked at every 1,000 features) removes the copy and raises CancelledError.
    """
    from osgeo import ogr

    src, lyr = open_layer(path, layer)
    existing = field_names(lyr)
    names = unique_names(existing + [f for f, _ in fields])[len(existing) :]
    tmp = temporary_path(output_path, ".gpkg")
    os.unlink(tmp)  # the GPKG driver creates the file itself
    dst = ogr.GetDriverByName("GPKG").CreateDataSource(tmp)
    try:
        name = os.path.splitext(os.path.basename(output_path))[0]
        out = dst.CreateLayer(name, srs=lyr.GetSpatialRef(), geom_type=lyr.GetGeomType())
        defn = lyr.GetLayerDefn()
        for i in range(defn.GetFieldCount()):
            out.CreateField(defn.GetFieldDefn(i))
        for new, (_, kind) in zip(names, fields):
            out.CreateField(ogr.FieldDefn(new, getattr(ogr, _OGR_TYPES[kind])))
        dst.StartTransaction()
        for number, feature in enumerate(lyr):
            if is_cancelled and number % 1000 == 0 and is_cancelled():
                raise CancelledError()
            copy = ogr.Feature(out.GetLayerDefn())
            copy.SetFrom(feature)
            row = values.get(feature.GetFID() if key_field is None else key(feature.GetField(key_field)))
            for new, value in zip(names, row or ()):
                copy.SetField(new, value)
            out.CreateFeature(copy)
        dst.CommitTransaction()
        dst = None
        transaction.add(tmp, output_path)
    except BaseException:
        dst = None
        remove_sqlite(tmp)
        raise
    finally:
        del lyr, src
    return names


IN_PLACE_DRIVERS = {"GPKG": "GeoPackage", "ESRI Shapefile": "Shapefile"}


LITHOSCOPE_FIELDS = "LITHOSCOPE_FIELDS"  # GeoPackage layer metadata item: the fields Lithoscope wrote (JSON list)
LITHOSCOPE_RUN = "LITHOSCOPE_RUN"  # GeoPackage layer metadata item: the id of the last commit that wrote it


def _fields_record(shapefile: str) -> str:
    """The file beside a Shapefile that lists the fields Lithoscope wrote (a Shapefile has no metadata)."""
    return os.path.splitext(shapefile)[0] + ".lithoscope.json"


def _shapefile_part(shapefile: str, suffix: str) -> str | None:
    """The file of a Shapefile with `suffix` (any case), or None."""
    folder, stem = os.path.split(os.path.splitext(os.path.abspath(shapefile))[0])
    for name in os.listdir(folder):
        base, ext = os.path.splitext(name)
        if base == stem and ext.lower() == suffix:
            return os.path.join(folder, name)
    return None


def check_in_place(path: str, layer: str | None = None) -> str:
    """Refuse a layer that cannot be changed in place (not a GeoPackage or Shapefile, read-only); its driver."""
    ds, lyr = open_layer(path, layer)
    driver = ds.GetDriver().GetName()
    del lyr, ds
    if driver not in IN_PLACE_DRIVERS:
        raise InputError(
            f"Only GeoPackage and Shapefile layers can get the results on the layer itself; {path} is a {driver} "
            "file. Write the results to a copy (leave 'write to the input layer' off), or save the layer as a "
            "GeoPackage first."
        )
    files = [path] if driver == "GPKG" else [_shapefile_part(path, ".dbf") or path]
    folder = os.path.dirname(os.path.abspath(path))
    if not all(os.access(f, os.W_OK) for f in files) or not os.access(folder, os.W_OK):
        raise InputError(
            f"The layer {path} (or its folder) is read-only, so its fields cannot be changed; write the results to "
            "a copy instead (leave 'write to the input layer' off)."
        )
    return driver


def check_prefix(prefix: str) -> str:
    prefix = (prefix or "").strip()
    if prefix and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", prefix):
        raise InputError(
            f"The field prefix '{prefix}' must start with a letter or underscore and hold only letters, digits and "
            "underscores (e.g. seq_)."
        )
    return prefix


def _short(names: list[str], limit: int) -> list[str]:
    """Field names cut to `limit` characters (a Shapefile's 10), kept unique."""
    out: list[str] = []
    for name in names:
        candidate, i = name[:limit], 2
        while candidate.lower() in {n.lower() for n in out}:
            candidate, i = f"{name[: limit - len(str(i)) - 1]}_{i}", i + 1
        out.append(candidate)
    return out


def _own_fields(text: str | None, where: str, remove: str, key: str | None = None) -> set[str]:
    """The fields Lithoscope wrote on a layer before, from their record (JSON: a list of names, or {key: list}).

    A record that is not such JSON is refused (InputError) naming `where` it is and how to `remove` it.
    """
    import json

    if text is None or not text.strip():
        return set()
    try:
        value = json.loads(text)
        if key is None:
            names = value
        else:
            names = value.get(key) if isinstance(value, dict) else None
        ok = isinstance(names, list) and all(isinstance(n, str) for n in names)
    except ValueError as exc:
        names, ok, problem = None, False, f"not valid JSON: {exc}"
    else:
        problem = f"not a list of field names: {text.strip()[:80]!r}"
    if not ok:
        expected = f'{{"{key}": ["name", ...]}}' if key else '["name", ...]'
        raise InputError(
            f"{where} is {problem}; expected {expected}. Nothing was changed. {remove} (fields of those names then "
            "count as not written by Lithoscope: give a field prefix), or write the results to a copy."
        )
    return {n.lower() for n in names}


class InPlaceWrite:
    """New fields written onto a layer itself (only when the user asks), all or nothing.

    GeoPackage: the fields, the values and the record of Lithoscope's fields go in one SQLite
    transaction, rolled back on a failure or a cancel, so the file stays byte-identical.
    Shapefile: a copy of its .dbf (the attributes; with its .cpg) in a temporary folder beside it
    gets the fields and joins the output transaction; the .shp and .shx (geometries) are never
    copied or rewritten. Fields of the same names are refused unless Lithoscope wrote them
    before (a second run updates them); the runs' field prefix gives the new fields other names.
    """

    def __init__(
        self,
        path: str,
        layer: str | None = None,
        key_field: str | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.path, self.layer, self.key_field = path, layer, key_field
        self.is_cancelled = is_cancelled
        self.driver = check_in_place(path, layer)
        self.added: list[str] = []
        self.updated: list[str] = []
        self.features = 0
        self._ds = None  # GeoPackage opened for writing
        self._open = False  # its transaction is open
        self._folder: str | None = None  # Shapefile: the temporary copy

    def _names(self, lyr, fields: list[tuple[str, str]], own: set[str]) -> list[str]:
        """The names the new fields get; refuses names the layer has unless Lithoscope wrote them (same type)."""
        from osgeo import ogr

        names = [name for name, _ in fields]
        if self.driver == "ESRI Shapefile":
            names = _short(names, 10)
        defn = lyr.GetLayerDefn()
        have = {defn.GetFieldDefn(i).GetName().lower(): defn.GetFieldDefn(i) for i in range(defn.GetFieldCount())}
        foreign = [n for n in names if n.lower() in have and n.lower() not in own]
        if foreign:
            raise InputError(
                f"The layer {self.path} already has the field(s) {examples(foreign)}, which Lithoscope did not write; "
                "nothing was changed. Give a prefix for the new fields (FIELD_PREFIX), or write the results to a "
                "copy instead."
            )
        for name, (_, kind) in zip(names, fields):
            existing = have.get(name.lower())
            if existing is not None and existing.GetType() != getattr(ogr, _OGR_TYPES[kind]):
                raise InputError(
                    f"The field '{name}' of {self.path}, written by Lithoscope before, holds {existing.GetTypeName()} "
                    f"values but this run writes {kind} ones; nothing was changed. Delete that field, or give a prefix "
                    "for the new fields (FIELD_PREFIX)."
                )
        self.added = [n for n in names if n.lower() not in have]
        self.updated = [n for n in names if n.lower() in have]
        return names

    def _fill(self, lyr, fields: list[tuple[str, str]], values: dict[Hashable, tuple | None], own: set[str]):
        from osgeo import ogr

        names = self._names(lyr, fields, own)
        if self.key_field is not None and lyr.GetLayerDefn().GetFieldIndex(self.key_field) < 0:
            raise InputError(f"The layer has no field '{self.key_field}'; its fields: {', '.join(field_names(lyr))}.")
        for name, (_, kind) in zip(names, fields):
            if name in self.added:
                lyr.CreateField(ogr.FieldDefn(name, getattr(ogr, _OGR_TYPES[kind])))
        lyr.ResetReading()
        for feature in lyr:
            if self.is_cancelled and self.is_cancelled():
                raise CancelledError("Cancelled by the user; the layer was not changed and no output was written.")
            k = feature.GetFID() if self.key_field is None else key(feature.GetField(self.key_field))
            row = values.get(k) or (None,) * len(names)
            for name, value in zip(names, row):
                if value is None:
                    feature.SetFieldNull(name)
                else:
                    feature.SetField(name, value)
            lyr.SetFeature(feature)
            self.features += 1
        return names

    def write(
        self, fields: list[tuple[str, str]], values: dict[Hashable, tuple | None], transaction: OutputTransaction
    ) -> list[str]:
        """Add or update the fields (uncommitted until `commit`); values by feature id or by `key_field`."""
        import json

        from osgeo import ogr

        if self.driver == "GPKG":
            try:
                self._ds = ogr.Open(self.path, 1)
            except RuntimeError as exc:
                raise InputError(
                    f"Cannot open {self.path} for writing ({exc}); close what holds it (an edit session, another "
                    "program) or write the results to a copy."
                ) from None
            lyr = self._ds.GetLayerByName(self.layer) if self.layer else self._ds.GetLayer(0)
            if not lyr.TestCapability(ogr.OLCCreateField) or not lyr.TestCapability(ogr.OLCRandomWrite):
                raise InputError(f"The layer of {self.path} cannot be changed (a view?); write the results to a copy.")
            own = _own_fields(
                lyr.GetMetadataItem(LITHOSCOPE_FIELDS),
                f"The layer {self.path} has a metadata item {LITHOSCOPE_FIELDS} (the fields Lithoscope wrote before)",
                f"Remove that metadata item (with GDAL: layer.SetMetadataItem('{LITHOSCOPE_FIELDS}', None))",
            )
            self._ds.StartTransaction()  # one SQLite transaction: fields, values and the record, or nothing
            self._open = True
            names = self._fill(lyr, fields, values, own)
            lyr.SetMetadataItem(LITHOSCOPE_FIELDS, json.dumps(sorted(own | {n.lower() for n in names})))
            # The commit's id, in the same SQLite transaction: after a crash, recovery reads it to tell
            # whether this transaction committed (then the files are completed, else undone).
            lyr.SetMetadataItem(LITHOSCOPE_RUN, transaction.id)
            transaction.finish_check = {
                "kind": "gpkg",
                "path": os.path.abspath(self.path),
                "layer": lyr.GetName(),
                "item": LITHOSCOPE_RUN,
                "token": transaction.id,
            }
            self._ds.FlushCache()  # the record is written inside the transaction
            return names
        import shutil

        record = _fields_record(self.path)
        own: set[str] = set()
        if os.path.exists(record):
            try:
                with open(record, encoding="utf-8") as f:
                    text = f.read()
            except OSError as exc:
                raise InputError(
                    f"Cannot read {record} ({exc.strerror or exc}), the list of the fields Lithoscope wrote on "
                    f"{self.path}; nothing was changed. Make it readable, or write the results to a copy."
                ) from None
            own = _own_fields(text, f"The file {record}", "Delete that file", "fields")
        dbf = _shapefile_part(self.path, ".dbf")
        if dbf is None:
            raise InputError(
                f"The Shapefile {self.path} has no .dbf file (its attributes), so no fields can be added to it; "
                "write the results to a copy instead."
            )
        # Only the attributes (.dbf, and the .cpg naming their encoding) are copied and changed: OGR opens a
        # .dbf alone as a table of the same records, and the .shp and .shx (geometries) are never touched.
        self._folder = temporary_folder(self.path)
        copy = os.path.join(self._folder, os.path.basename(dbf))
        shutil.copy2(dbf, copy)
        cpg = _shapefile_part(self.path, ".cpg")
        if cpg:
            shutil.copy2(cpg, os.path.splitext(copy)[0] + os.path.splitext(cpg)[1])
        ds = ogr.Open(copy, 1)
        try:
            lyr = ds.GetLayer(0)
            names = self._fill(lyr, fields, values, own)
        finally:
            lyr = None
            ds = None
        transaction.add(copy, dbf)
        tmp_record = os.path.join(self._folder, "fields.lithoscope.json")
        with open(tmp_record, "w", encoding="utf-8") as f:
            json.dump({"fields": sorted(own | {n.lower() for n in names})}, f)
        transaction.add(tmp_record, record)
        return names

    def commit(self) -> None:
        """Commit the GeoPackage transaction (a Shapefile's .dbf is renamed into place by the output transaction)."""
        if self._open:
            try:
                self._ds.CommitTransaction()
                self._open = False
            except RuntimeError as exc:
                raise InputError(
                    f"The changes to {self.path} could not be saved ({exc}); the layer was not changed. Close what "
                    "holds it (an edit session, another program) and run again, or write the results to a copy."
                ) from None

    def rollback(self) -> None:
        """Undo what was not committed: the layer stays byte-identical."""
        if self._open:
            self._open = False
            self._ds.RollbackTransaction()

    def close(self) -> None:
        """Close the GeoPackage (rolling back what was not committed) and delete the temporary copy."""
        try:
            self.rollback()
        finally:
            self._ds = None
        if self._folder:
            import shutil

            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def describe(self) -> str:
        """What the run changed, for the log."""
        parts = []
        if self.added:
            parts.append(f"field(s) {', '.join(self.added)} added")
        if self.updated:
            parts.append(f"field(s) {', '.join(self.updated)} (written by Lithoscope before) updated")
        return f"The input layer {self.path} was changed: {'; '.join(parts)}, on {self.features} feature(s)."


def write_csv(output_path: str, header: list[str], rows: list[Sequence], transaction: OutputTransaction) -> None:
    """A CSV file under a temporary name that joins the transaction (empty cells for None)."""
    tmp = temporary_path(output_path, ".csv")
    try:
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(["" if v is None else v for v in row] for row in rows)
    except BaseException:
        os.unlink(tmp)
        raise
    transaction.add(tmp, output_path)


def commit_outputs(write: Callable[[OutputTransaction], list[str]], in_place: InPlaceWrite | None = None) -> list[str]:
    """Write the outputs under temporary names and rename them into place together, or none of them.

    With `in_place`, two phases: the files are renamed into place first (the earlier ones kept
    aside), then its GeoPackage transaction is committed last. A file that cannot be renamed leaves
    the layer unchanged (its transaction is rolled back); a layer that cannot be saved (locked by
    another program, say) puts every earlier file back.
    """
    transaction = OutputTransaction()
    try:
        paths = write(transaction)
        transaction.commit(finish=None if in_place is None else in_place.commit)
    except BaseException:
        transaction.abort()
        if in_place is not None:
            in_place.rollback()
        raise
    finally:
        if in_place is not None:
            in_place.close()
    return paths


def field_name(text: str, fallback: str) -> str:
    """A plain field name from a class or value name: lower case, letters, digits and underscores."""
    name = re.sub(r"\W+", "_", str(text).strip().lower()).strip("_")
    return name or fallback


def unique_names(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, i = name, 2
        while candidate.lower() in seen:
            candidate, i = f"{name}_{i}", i + 1
        seen.add(candidate.lower())
        out.append(candidate)
    return out
