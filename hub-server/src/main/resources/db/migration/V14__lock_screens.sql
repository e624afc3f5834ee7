-- What a call's notification shows on a locked phone, as the community chooses: 'grid' (the kind and the
-- grid), 'kind' (the kind alone) or 'name' (the resident's name and address, as before).
ALTER TABLE site ADD COLUMN lock_screen TEXT NOT NULL DEFAULT 'grid';
