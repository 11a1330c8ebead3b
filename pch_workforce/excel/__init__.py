"""The Excel kit every workbook the tool writes is built with, below the stages that write them.

``tables``: one marked-up table per sheet in the Analysis Function layout (fonts, number formats,
column widths, print set-up, document properties). ``front``: a cover, linked contents and
numbered notes. Nothing here knows a stage; saving a workbook is ``pch_workforce.output``.
"""
