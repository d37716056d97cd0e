"""Runs python email-validator (syntax and DNS deliverability; it has no SMTP check) over a list
of addresses for mailvet's ColdRunHarness (benchmarks/), `concurrency` lookups at a time.

    python3 run.py LIST DNS_HOST PORT CONCURRENCY > results.jsonl

Uses Debian's python3-email-validator (apt-get install python3-email-validator) with a dnspython
resolver pointed at the loopback DNS fixture. Prints one JSON line per address:
{"email", "valid", "reason"}.
"""
import json
import sys
from concurrent.futures import ThreadPoolExecutor

import dns.resolver
from email_validator import EmailNotValidError, validate_email

path, host, port, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers = [host]
resolver.port = port
resolver.timeout = 3
resolver.lifetime = 6
resolver.cache = dns.resolver.Cache()  # one lookup per domain, as its caching_resolver does


def check(email):
    try:
        validate_email(email, check_deliverability=True, dns_resolver=resolver)
        return {"email": email, "valid": True, "reason": None}
    except EmailNotValidError as e:
        return {"email": email, "valid": False, "reason": str(e)}


with open(path, encoding="utf-8") as f:
    emails = [line.rstrip("\n") for line in f if line.strip()]
with ThreadPoolExecutor(max_workers=concurrency) as pool:
    for r in pool.map(check, emails):
        sys.stdout.write(json.dumps(r) + "\n")
