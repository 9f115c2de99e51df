/** The public area's pages besides the start page (a chunk of its own, with the component library). */
import { AntdRoot } from '../shell/antd-root.tsx';
import { Register } from './register.tsx';
import { SignIn } from './sign-in.tsx';

export function PublicArea({ page }: { page: 'sign-in' | 'register' }) {
  return <AntdRoot>{page === 'sign-in' ? <SignIn /> : <Register />}</AntdRoot>;
}
