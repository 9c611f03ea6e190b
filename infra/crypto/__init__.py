"""Per-person data keys (crypto-shredding) and the sealer that uses them."""
