"""Drives the gateway's MCP server with the official Python SDK (`mcp` from PyPI), as an agent would.

Usage: mcp_session.py PLAN_JSON. The plan names the transport and the steps:
  {"transport": "http", "url": "http://127.0.0.1:PORT/mcp", "token": "...", "steps": [...]}
  {"transport": "stdio", "command": [".../gateway", "mcp", "--api-key", "...", "--url", "..."], "steps": [...]}
A step is {"op": "list"} or {"op": "call", "tool": NAME, "arguments": {...}}. Prints one JSON object: the negotiated
protocol version and one result per step, or {"failed": ...} when the session could not start, and every HTTP status the server answered.
The test that runs this asserts on what it prints.
"""
import asyncio
import json
import sys

import httpx2
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client


async def run_steps(session, steps):
    init = await session.initialize()
    results = []
    for step in steps:
        if step["op"] == "list":
            listed = await session.list_tools()
            results.append({"tools": [tool.model_dump(mode="json", by_alias=True, exclude_none=True) for tool in listed.tools]})
        else:
            try:
                result = await session.call_tool(step["tool"], step.get("arguments", {}))
                results.append({
                    "is_error": bool(result.is_error),
                    "structured": result.structured_content,
                    "text": [content.text for content in result.content if content.type == "text"],
                })
            except Exception as error:  # a protocol error (an unknown tool) is an answer too
                results.append({"protocol_error": str(error)})
    return {"protocol_version": init.protocol_version, "results": results}


# Every HTTP status the server answered, in order (the SDK reports a refused request without its status).
statuses = []


async def record_status(response):
    statuses.append(response.status_code)


async def main(plan):
    if plan["transport"] == "http":
        headers = {"Authorization": f"Bearer {plan['token']}"} if plan.get("token") else {}
        async with httpx2.AsyncClient(headers=headers, timeout=60, event_hooks={"response": [record_status]}) as client:
            async with streamable_http_client(plan["url"], http_client=client) as streams:
                async with ClientSession(streams[0], streams[1]) as session:
                    return await run_steps(session, plan["steps"])
    command = plan["command"]
    params = StdioServerParameters(command=command[0], args=command[1:])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            return await run_steps(session, plan["steps"])


if __name__ == "__main__":
    plan = json.loads(sys.argv[1])
    try:
        report = asyncio.run(main(plan))
    except BaseException as error:
        report = {"failed": repr(error)[:2000]}
    report["http_statuses"] = statuses
    print(json.dumps(report))
