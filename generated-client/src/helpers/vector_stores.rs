//! The vector store pollers: attach files (uploading them first if asked) and wait until the
//! vector store has processed them, like the official SDKs' `vector_stores.files` and
//! `vector_stores.file_batches` helpers.

use futures_util::{StreamExt as _, TryStreamExt as _};

use openapi_runtime::FilePart;

use crate::helpers::PollOptions;
use crate::types::{
    CreateFileRequest, CreateVectorStoreFileBatchRequest, CreateVectorStoreFileRequest, Purpose,
    VectorStoreFileBatchObject, VectorStoreFileObject, VectorStoreFileStatus,
};
use crate::{Client, Error};

/// Stands for a file id not known yet while a request is checked before the uploads.
const PENDING_FILE_ID: &str = "file-pending";

/// Whether the vector store is done with the file: any status but `in_progress`.
fn file_settled(file: &VectorStoreFileObject) -> bool {
    file.status != VectorStoreFileStatus::InProgress
}

/// Whether the vector store is done with the batch: its status is not `in_progress` and no
/// file of it is counted in progress (a batch being cancelled still counts its files).
fn batch_settled(batch: &VectorStoreFileBatchObject) -> bool {
    batch.status != VectorStoreFileStatus::InProgress && batch.file_counts.in_progress == 0
}

/// Adds `ids` after the files `body` names: to `files` when the body lists files one by one
/// (each added one without settings of its own), else to `file_ids`.
fn add_file_ids(
    body: &mut CreateVectorStoreFileBatchRequest,
    ids: impl IntoIterator<Item = String>,
) {
    match &mut body.files {
        Some(files) => files.extend(ids.into_iter().map(CreateVectorStoreFileRequest::new)),
        None => body.file_ids.get_or_insert_with(Vec::new).extend(ids),
    }
}

impl Client {
    /// Retrieves the [vector store file] until the vector store is done with it: until its
    /// status is not `in_progress` (`completed`, `failed` with its `last_error`, `cancelled`, or
    /// a status this version does not know). Waits `openai-poll-after-ms` between requests when
    /// the server sends it, else `options.interval`; gives up after `options.deadline` with
    /// [`Error::Deadline`](crate::Error::Deadline). A failed file is not an error: read its
    /// `status` and `last_error`.
    ///
    /// [vector store file]: https://platform.openai.com/docs/api-reference/vector-stores-files/getFile
    pub async fn poll_vector_store_file(
        &self,
        vector_store_id: &str,
        file_id: &str,
        options: PollOptions,
    ) -> Result<VectorStoreFileObject, Error> {
        self.poll(
            || Self::get_vector_store_file_request(vector_store_id, file_id),
            file_settled,
            options,
        )
        .await
    }

    /// Attaches a file to a vector store ([`Client::create_vector_store_file`]) and polls it
    /// until the vector store is done with it ([`Client::poll_vector_store_file`]; a file the
    /// answer already shows processed is returned without polling).
    pub async fn create_vector_store_file_and_poll(
        &self,
        vector_store_id: &str,
        body: &CreateVectorStoreFileRequest,
        options: PollOptions,
    ) -> Result<VectorStoreFileObject, Error> {
        let file = self.create_vector_store_file(vector_store_id, body).await?;
        if file_settled(&file) {
            return Ok(file);
        }
        self.poll_vector_store_file(vector_store_id, &body.file_id, options)
            .await
    }

    /// Uploads a file for the assistants ([`Client::create_file`] with purpose `assistants`)
    /// and attaches it to the vector store ([`Client::create_vector_store_file`]), without
    /// waiting for the vector store to process it (see
    /// [`Client::upload_vector_store_file_and_poll`]).
    ///
    /// The vector store id is checked before the upload. Should attaching fail, the uploaded
    /// file stays in the organization's files, attached to nothing (find it with
    /// [`Client::list_files`], delete it with [`Client::delete_file`]). For a chunking strategy
    /// or attributes of the file's own, upload it with [`Client::create_file`] and attach it
    /// with [`Client::create_vector_store_file_and_poll`].
    pub async fn upload_vector_store_file(
        &self,
        vector_store_id: &str,
        file: impl Into<FilePart>,
    ) -> Result<VectorStoreFileObject, Error> {
        // Refuses a vector store id that could never be attached to before uploading.
        Self::create_vector_store_file_request(
            vector_store_id,
            &CreateVectorStoreFileRequest::new(PENDING_FILE_ID),
        )?;
        let uploaded = self
            .create_file(CreateFileRequest::new(file, Purpose::Assistants))
            .await?;
        self.create_vector_store_file(
            vector_store_id,
            &CreateVectorStoreFileRequest::new(uploaded.id),
        )
        .await
    }

    /// Uploads a file for the assistants, attaches it to the vector store
    /// ([`Client::upload_vector_store_file`], whose notes hold) and polls it until the vector
    /// store is done with it ([`Client::poll_vector_store_file`]; `options.deadline` bounds
    /// the polling, not the upload).
    pub async fn upload_vector_store_file_and_poll(
        &self,
        vector_store_id: &str,
        file: impl Into<FilePart>,
        options: PollOptions,
    ) -> Result<VectorStoreFileObject, Error> {
        let file = self.upload_vector_store_file(vector_store_id, file).await?;
        if file_settled(&file) {
            return Ok(file);
        }
        self.poll_vector_store_file(vector_store_id, &file.id, options)
            .await
    }

    /// Retrieves the [vector store file batch] until the vector store is done with it: until
    /// its status is not `in_progress` and its `file_counts` count no file `in_progress` (a
    /// batch being cancelled is polled until its files are settled). Waits as
    /// [`Client::poll_vector_store_file`] does, within `options.deadline`. Files that failed
    /// are not an error: read `file_counts.failed`, and list them with
    /// [`Client::list_files_in_vector_store_batch`] and the `failed` filter.
    ///
    /// [vector store file batch]: https://platform.openai.com/docs/api-reference/vector-stores-file-batches/getBatch
    pub async fn poll_vector_store_file_batch(
        &self,
        vector_store_id: &str,
        batch_id: &str,
        options: PollOptions,
    ) -> Result<VectorStoreFileBatchObject, Error> {
        self.poll(
            || Self::get_vector_store_file_batch_request(vector_store_id, batch_id),
            batch_settled,
            options,
        )
        .await
    }

    /// Creates a batch of files in a vector store ([`Client::create_vector_store_file_batch`])
    /// and polls it until the vector store is done with it
    /// ([`Client::poll_vector_store_file_batch`]; a batch the answer already shows processed is
    /// returned without polling).
    pub async fn create_vector_store_file_batch_and_poll(
        &self,
        vector_store_id: &str,
        body: &CreateVectorStoreFileBatchRequest,
        options: PollOptions,
    ) -> Result<VectorStoreFileBatchObject, Error> {
        let batch = self
            .create_vector_store_file_batch(vector_store_id, body)
            .await?;
        if batch_settled(&batch) {
            return Ok(batch);
        }
        self.poll_vector_store_file_batch(vector_store_id, &batch.id, options)
            .await
    }

    /// Uploads `files` for the assistants ([`Client::create_file`] with purpose `assistants`),
    /// at most `max_concurrency` at a time (0 counts as 1; the official SDKs use 5), then
    /// creates a batch of them in the vector store and polls it until the vector store is done
    /// with it ([`Client::create_vector_store_file_batch_and_poll`]; `options.deadline` bounds
    /// the polling, not the uploads).
    ///
    /// `body` says the rest of the batch: files uploaded earlier (`file_ids`), a chunking
    /// strategy, attributes. The uploaded files come after the ones it names, in the order of
    /// `files`: in `file_ids`, or, when `body` lists `files` one by one, as `files` entries
    /// without settings of their own. `CreateVectorStoreFileBatchRequest::new()` is a batch of
    /// the uploads alone.
    ///
    /// The batch that would be created, and the vector store id, are checked (`validate()`)
    /// before the first upload: an invalid one (more than 2000 files, no file at all) uploads
    /// nothing.
    ///
    /// **When an upload fails**, no further upload starts, the uploads in flight are abandoned
    /// (the server may still keep one of them), no batch is created, and that upload's error is
    /// returned. The files uploaded before stay in the organization's files, attached to
    /// nothing: delete them ([`Client::list_files`], [`Client::delete_file`]) or try again.
    /// Uploads are retried as every request is (see the client's `max_retries`).
    pub async fn upload_vector_store_file_batch_and_poll(
        &self,
        vector_store_id: &str,
        files: impl IntoIterator<Item = FilePart>,
        body: &CreateVectorStoreFileBatchRequest,
        max_concurrency: usize,
        options: PollOptions,
    ) -> Result<VectorStoreFileBatchObject, Error> {
        let files: Vec<FilePart> = files.into_iter().collect();
        let mut checked = body.clone();
        add_file_ids(
            &mut checked,
            files.iter().map(|_| PENDING_FILE_ID.to_owned()),
        );
        Self::create_vector_store_file_batch_request(vector_store_id, &checked)?;

        let mut ids = vec![String::new(); files.len()];
        let mut uploads = futures_util::stream::iter(files.into_iter().enumerate())
            .map(|(i, file)| async move {
                let uploaded = self
                    .create_file(CreateFileRequest::new(file, Purpose::Assistants))
                    .await?;
                Ok::<_, Error>((i, uploaded.id))
            })
            .buffer_unordered(max_concurrency.max(1));
        while let Some((i, id)) = uploads.try_next().await? {
            ids[i] = id;
        }

        let mut batch = body.clone();
        add_file_ids(&mut batch, ids);
        self.create_vector_store_file_batch_and_poll(vector_store_id, &batch, options)
            .await
    }
}
