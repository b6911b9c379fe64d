/** Types for `controller-webhook.mjs`, for TypeScript callers (the tests). */
export interface RoutedRequestEvent {
  subject_request_id: string;
  subject_request_type?: "access" | "portability" | "erasure";
  request_status?: "pending" | "in_progress" | "completed" | "cancelled";
  [field: string]: unknown;
}

export function routedRequestReceiver(
  secret: string,
  options?: {
    seen?: Set<string>;
    onRoutedRequest?: (request: RoutedRequestEvent) => void;
    onStatus?: (status: RoutedRequestEvent) => void;
  },
): (headers: Record<string, string>, body: string) => { status: number; body: Record<string, unknown> };
