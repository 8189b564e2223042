"""/help: the easy-read guides of docs/guides/ (one per role, in French and in English), served
as pages of the site with their pictures, so that they work offline and call no one else."""
