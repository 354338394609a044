"""The model seam: ``base.LLM`` and one class per backend kind (see README, Architecture)."""
