#!/usr/bin/env python3
# Training sample for the Triage example: its SHA-256 is listed in samples/known-bad.txt on
# purpose, so that the triage has an on-disk known-bad match to report. It does nothing harmful.
import platform

print("checking for updates on", platform.node())
