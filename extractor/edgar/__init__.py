"""10-K filings from SEC EDGAR by ticker or CIK: resolve, choose, download once, cache.

``fetch`` (the cache, offline mode), ``choose`` (which filing a reference
means, pure), ``client`` (edgartools with fair-access backoff), ``store``
(content-addressed files under the cache root).
"""
