"""Files for researchers to take away (search results, the themes matrix and
passages): the response with its type and name, and the CSV separator a user
may choose (`;` for Dutch and Flemish Excel, `,` for everything else)."""
from __future__ import annotations

from fastapi import HTTPException
from fastapi.responses import Response

import search


def check_separator(separator: str) -> None:
    if separator not in search.SEPARATORS:
        raise HTTPException(422, "Kies als scheidingsteken een komma (,) of een puntkomma (;).")


def download(data: bytes, fmt: str, name: str) -> Response:
    return Response(data, media_type=search.MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})
