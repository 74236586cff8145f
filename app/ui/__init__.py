"""UI building blocks shared by the pages: ids, URL state, shell, charts, tables, colours,
layout blocks and the network explorer (one All-in-One component for the network pages).

Dash's page registry imports every module in app/pages; what several pages share lives here.
"""
