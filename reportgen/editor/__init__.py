"""`reportgen serve`: edit one input in the browser and watch its printed pages change as you type.

`document.py` holds a tab's text and turns the editor's operations into edits of that text (a value replaced
where it stands, structure changed through the ruamel round trip), `preview.py` builds the text in memory into
the pages the PDF would print (`writers/svg_writer.py`) and the messages `check` gives, `server.py` is the
small local web server (aiohttp) with its security checks, `static/` the page itself (no network, no CDN).
"""
