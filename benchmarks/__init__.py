"""The performance suite behind `make bench`; not part of `make test`."""
