"""The autograder: grade submitted lesson notebooks in a sandbox and export the grades.

Modules: `plan` (the Job handed to the sandbox), `discover` (find and validate submissions),
`sanitize` (build a Job from a submission and the instructor's source), `sandbox`/`worker`
(run learner code out of process), `record` (the SQLite gradebook), `export` (CSV, JSON,
Gradescope results, HTML feedback), `pipeline` (the steps end to end), `cli` (``coursekit grade``).
"""

from __future__ import annotations
