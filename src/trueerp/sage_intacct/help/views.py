from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trueerp.core.access import require_permission
from trueerp.sage_intacct.help.topics import TOPICS
from trueerp.sage_intacct.permissions import MODULE_ACCESS_SAGE_INTACCT


@require_permission(MODULE_ACCESS_SAGE_INTACCT)
def help_page(request: HttpRequest) -> HttpResponse:
    topics = [
        {
            "topic": topic,
            "answers": [
                {
                    "answer": answer,
                    "links": [(link.label, href) for link in answer.links if (href := link.href())],
                }
                for answer in topic.answers
            ],
        }
        for topic in TOPICS
    ]
    return render(request, "sage_intacct/help/help.html", {"title": "Sage Intacct help", "topics": topics})
