"""Printed documents (PDF) made from plain data with reportlab; no Qt here.

:mod:`app.documents.catalogue` names every document with its loader (from the
store) and renderer (to PDF bytes); :mod:`app.documents.layout` is the page
template they share.
"""
