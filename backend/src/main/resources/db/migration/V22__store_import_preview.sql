-- The header and first lines of an uploaded file, kept when the upload completes, so that listing
-- imports never decompresses their files. Personal data like the file: erased with it.
ALTER TABLE contact_import ADD COLUMN preview MEDIUMTEXT NULL;
