"""`kg serve`: the SPARQL 1.1 Protocol at /sparql, a Graph Store endpoint at
/store, and a web UI (YASGUI, saved queries, entity pages, search).

- app.py       the route table and thin handlers; every page has a .json twin
- protocol.py  reading SPARQL requests (GET, URL-encoded POST, direct POST); service description
- guard.py     what a query may ask for: no SERVICE/LOAD, datasets only from kg's graphs
- pool.py      worker processes on read-only snapshots; timeouts kill the worker
- worker.py    the worker process: check, run, cap and write one query
- formats.py   content negotiation and result writers (row cap signalled)
- pages.py     the data behind the pages
- run.py       start/stop, <store>/serve.json, `--get`

Server library: Starlette on uvicorn."""
