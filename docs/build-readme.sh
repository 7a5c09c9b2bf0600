#!/usr/bin/env bash
# Assembles README.md from its parts, so each area's documentation lives beside its code.
set -eu
cd "$(dirname "$0")/.."
{
  cat docs/README-head.md
  echo
  cat docs/README-decisions.md
  for part in lib/smtp/auth/README-section.md lib/smtp/proxy/README-section.md lib/mime/dkim/README-section.md \
              lib/mime/README-section.md lib/nest/README-section.md; do
    [ -f "$part" ] || continue
    echo
    cat "$part"
  done
} | sed -e 's/^### Proxies$/## Proxies/' -e 's/^### DKIM signing$/## DKIM signing/' -e 's/^### Authentication$/## Authentication/' > README.md
