"""UI building blocks shared by the pages: ids, URL state, shell, charts, tables, colours.

Dash's page registry imports every module in app/pages; what several pages share lives here.
"""
